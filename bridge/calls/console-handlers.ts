// The console's commands on live calls: the board (calls.list, call.get), hang up, whisper a hint to
// the AI, and listen in (this console's tap on a call's audio while it passes through the app).
import { asCallId } from '../domain/ids';
import type { Handlers } from '../console/rpc';
import { callIdFitsListenFrame } from '../api/listen-frame';
import type { ListenIn, ListenSink } from './listen-in';
import { toLiveCall, toLiveCallDetail } from './live-view';
import { SautiError } from '../base/errors';
import type { SautikitClient } from '../sautikit/client';
import { outcomeOf, type EndCall } from './call-end';
import type { CallRegistry } from './registry';
import { CallSession } from './session';
import { isTestCall } from './test-calls';

export const LISTEN_SAMPLE_RATE_HZ = 16_000;

export type CallHandlers = Pick<
  Handlers,
  'calls.list' | 'call.get' | 'call.hangUp' | 'call.whisper' | 'call.listen'
>;

export interface CallHandlersDeps {
  readonly registry: CallRegistry;
  readonly listenIn: ListenIn;
  /** Sautikit's REST API as configured now; null without an API key. */
  readonly client: () => SautikitClient | null;
  readonly endCall: EndCall;
  /** This console's binary sink (listen-in audio). */
  readonly sink: ListenSink;
}

export function callHandlers(deps: CallHandlersDeps): CallHandlers {
  const { registry, listenIn, sink } = deps;
  const live = (callId: string) => {
    const call = registry.get(callId);
    if (!call || call.phase === 'ended')
      throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
    return call;
  };
  return {
    'calls.list': () => registry.list().map(toLiveCall),
    'call.get': ({ callId }) => toLiveCallDetail(live(callId)),
    'call.hangUp': async ({ callId }) => {
      const call = live(callId);
      // Sautikit ends the carrier call (the stream closes); a test call has only our stream to close.
      const client = deps.client();
      if (client && !isTestCall(call.callSid)) await client.hangUp(call.callSid);
      else if (!call.legs.stream)
        throw new SautiError(
          'SAUTIKIT_NO_API_KEY',
          'No Sautikit API key: this call cannot be hung up from here',
        );
      deps.endCall(call.callSid, outcomeOf(call), 'hung up from the console');
      return { accepted: true };
    },
    'call.whisper': ({ callId, text }) => {
      const stream = live(callId).legs.stream;
      if (!(stream instanceof CallSession) || !stream.whisper(text))
        throw new SautiError('CALL_NO_AI', 'The AI is not on this call');
      return { accepted: true };
    },
    'call.listen': (args) => {
      const callId = asCallId(args.callId);
      if (!args.on) {
        listenIn.stop(callId, sink);
        return { listening: false, sampleRateHz: LISTEN_SAMPLE_RATE_HZ };
      }
      const stream = registry.get(callId)?.legs.stream;
      if (!stream || stream.isClosed) {
        throw new SautiError(
          'CALL_NOT_STREAMING',
          'This call’s audio is not passing through the app (it is with the carrier or has ended)',
        );
      }
      if (!callIdFitsListenFrame(callId))
        throw new SautiError('LISTEN_CALL_ID_TOO_LONG', 'This call’s id is too long to listen in on');
      listenIn.start(callId, sink);
      return { listening: true, sampleRateHz: LISTEN_SAMPLE_RATE_HZ };
    },
  };
}
