// Listen-in for one console: `call.listen` starts or stops this console's tap on a call's audio. The
// audio only passes through the app while the AI leg streams, so a call with a person cannot be tapped.
import { SautiError } from '../../errors';
import type { CommandArgs, CommandResult, Events } from '../contract';
import type { ListenIn } from '../listen-in';

export const LISTEN_SAMPLE_RATE_HZ = 16_000;

export type ListenSink = (data: Events['listen.audio']) => void;

export function listenHandler(
  listenIn: ListenIn,
  isStreaming: (callId: string) => boolean,
  sink: ListenSink,
): (args: CommandArgs<'call.listen'>) => CommandResult<'call.listen'> {
  return ({ callId, on }) => {
    if (!on) {
      listenIn.stop(callId, sink);
      return { listening: false, sampleRateHz: LISTEN_SAMPLE_RATE_HZ };
    }
    if (!isStreaming(callId)) {
      throw new SautiError(
        'CALL_NOT_STREAMING',
        'This call’s audio is not passing through the app (it is with a person or has ended)',
      );
    }
    listenIn.start(callId, sink);
    return { listening: true, sampleRateHz: LISTEN_SAMPLE_RATE_HZ };
  };
}
