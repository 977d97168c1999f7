// Listen-in for one console: `call.listen` starts or stops this console's tap on a call's audio. The
// audio only passes through the app while the AI leg streams, so a call with a person cannot be tapped.
// The audio reaches the console as binary listen frames (listen-frame.ts), not as JSON events.
import { SautiError } from '../../errors';
import type { CommandArgs, CommandResult } from '../contract';
import { callIdFitsListenFrame } from '../listen-frame';
import type { ListenIn, ListenSink } from '../listen-in';

export const LISTEN_SAMPLE_RATE_HZ = 16_000;

export type { ListenSink };

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
    if (!callIdFitsListenFrame(callId)) {
      throw new SautiError('LISTEN_CALL_ID_TOO_LONG', 'This call’s id is too long to listen in on');
    }
    listenIn.start(callId, sink);
    return { listening: true, sampleRateHz: LISTEN_SAMPLE_RATE_HZ };
  };
}
