// A CallSession on a FakeClock, with a fake media socket, a real registry and the scripted model:
// tests speak as the caller frame by frame and read what the session wrote and published.
import type { RealtimeSession } from '../../../bridge/ai/provider';
import type { CallEvent, CallEventKind, CallEventOf } from '../../../bridge/domain/call-events';
import type { EscalationReason } from '../../../bridge/domain/call';
import { CallRegistry } from '../../../bridge/calls/registry';
import { CallSession } from '../../../bridge/calls/session';
import { FakeClock } from '../../../bridge/base/clock';
import { loadConfig, type Config, type ConfigInput } from '../../../bridge/config/config';
import { asCarrierCallSid, type CallId } from '../../../bridge/domain/ids';
import { createSilentLog } from '../../../bridge/base/log';
import { FakeMediaSocket } from '../../fakes/media-socket';
import { tone } from '../../harness/tone';
import { ScriptedProvider, type ScriptedOptions, type ScriptedSession } from '../../fakes/scripted-provider';

const CALL_SID = asCarrierCallSid('CA-session-test');

export interface SessionHarness {
  readonly clock: FakeClock;
  readonly config: Config;
  readonly ws: FakeMediaSocket;
  readonly registry: CallRegistry;
  readonly session: CallSession;
  readonly provider: ScriptedProvider;
  readonly events: CallEvent[];
  readonly escalations: { reason: EscalationReason; detail: string }[];
  model(): ScriptedSession;
  /** Lets promise callbacks run, then fires timers due now. */
  settle(): Promise<void>;
  /** Caller audio in real time, 20 ms per frame, the clock moving with it. */
  callerSays(ms: number, loud?: boolean): void;
  advance(ms: number): void;
  ofKind<K extends CallEventKind>(kind: K): CallEventOf<K>[];
}

export async function startSession(
  options: {
    provider?: ScriptedOptions;
    config?: ConfigInput;
    connectAi?: () => Promise<RealtimeSession>;
  } = {},
): Promise<SessionHarness> {
  const clock = new FakeClock();
  const registry = new CallRegistry(clock);
  const live = registry.open({
    callSid: asCarrierCallSid(CALL_SID),
    from: '+254712345678',
    to: '+254709000000',
    raw: {},
    provider: 'scripted',
    model: null,
  });
  const events: CallEvent[] = [];
  registry.events.on('event', (e) => events.push(e));
  const escalations: { reason: EscalationReason; detail: string }[] = [];
  const provider = new ScriptedProvider({ clock, ...options.provider });
  const ws = new FakeMediaSocket(clock);
  const config = loadConfig({ aiProvider: 'none', logLevel: 'silent', ...options.config });
  const callId: CallId = live.callId;
  const session: CallSession = new CallSession({
    ws: ws.asWebSocket(),
    callId,
    callSid: CALL_SID,
    config,
    clock,
    log: createSilentLog(),
    registry,
    connectAi:
      options.connectAi ??
      (() => provider.connect({ callId: CALL_SID, instructions: '', log: createSilentLog(), clock })),
    // Like the core: the escalation is published, then the session begins the hand-off.
    escalate: (id, reason, detail, triggerText) => {
      escalations.push({ reason, detail });
      registry.publish(id, 'escalation', { reason, detail, triggerText });
      session.beginHandoff();
    },
  });
  ws.sendMetadata(CALL_SID);
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    clock.advance(0);
  };
  await settle();
  const h: SessionHarness = {
    clock,
    config,
    ws,
    registry,
    session,
    provider,
    events,
    escalations,
    model: () => {
      const m = provider.last;
      if (!m) throw new Error('no model session yet');
      return m;
    },
    settle,
    callerSays(ms, loud = true) {
      const audio = loud ? tone(ms, 300) : new Int16Array(Math.round(ms * 16));
      for (let at = 0; at < audio.length; at += 320) {
        ws.sendAudio(audio.subarray(at, at + 320));
        clock.advance(20);
      }
    },
    advance: (ms) => clock.advance(ms),
    ofKind: <K extends CallEventKind>(kind: K) => events.filter((e): e is CallEventOf<K> => e.kind === kind),
  };
  return h;
}
