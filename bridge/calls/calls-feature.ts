// Live calls, assembled: the voice webhook's flow, the callers' media streams and their AI, listen-in,
// the live board's events and commands, the test call, and every call event written to the call log.
import type { CurrentProvider } from '../ai/current-provider';
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import type { Config } from '../config/config';
import type { Handlers } from '../console/rpc';
import type { Broadcast, ConsoleSession } from '../console/session';
import type { CallTokenClaims } from '../media/call-token';
import type { AdmitResult } from '../media/server';
import type { SautikitClient } from '../sautikit/client';
import type { WebhookHandlers } from '../sautikit/webhooks';
import type { StoreClient } from '../store/client';
import type { WebSocket } from 'ws';
import type { CallBook } from './call-book';
import { createCallFlow, type HumanSide, type RouteTokens } from './call-flow';
import type { EscalationPolicy } from './escalation';
import { CallerStreams } from './caller-streams';
import { callHandlers, type CallHandlers } from './console-handlers';
import { ListenIn } from './listen-in';
import { projectLiveEvents } from './live-view';
import type { LiveCallState } from './registry';
import { placeTestCall } from './test-call';

/** What live calls need from the human side (bridge/human/ provides it). */
export interface HumanPort {
  readonly webhook: HumanSide;
  /** The escalation policy's one door. */
  readonly escalate: EscalationPolicy['escalate'];
  /** Holds the end of a caller's stream while the human route still has something to say on it. */
  deferStreamEnd(call: LiveCallState, code: number): boolean;
}

export interface CallsFeatureDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly book: CallBook;
  readonly human: HumanPort;
  readonly ai: CurrentProvider;
  readonly store: StoreClient;
  readonly tokens: RouteTokens;
  readonly client: () => SautikitClient | null;
  readonly publicUrl: () => string;
  /** Where the public server listens on this computer (the test call dials it); null before start. */
  readonly loopbackUrl: () => string | null;
  readonly broadcast: Broadcast;
  /** Public: whether calls are answered and logged (/healthz). */
  readonly health: () => { ok: boolean; detail: Record<string, unknown> };
}

export class CallsFeature {
  readonly listenIn = new ListenIn();
  readonly streams: CallerStreams;
  readonly flow: WebhookHandlers;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: CallsFeatureDeps) {
    const { config, clock, log, book, human, ai } = deps;
    const { registry, endCall } = book;
    this.streams = new CallerStreams({
      config,
      clock,
      log,
      registry,
      connectAi: () => {
        const p = ai.get();
        return p
          ? (callSid, callLog) =>
              p.connect({ callId: callSid, instructions: config.systemPrompt ?? '', log: callLog, clock })
          : null;
      },
      escalate: (callId, reason, detail, trigger) => void human.escalate(callId, reason, detail, trigger),
      tap: (id, direction, frame) => this.listenIn.frame(id, direction, frame),
      endCall,
      onCarrierRoute: (call) => human.webhook.onCarrierRoute(call),
      deferStreamEnd: (call, code) => human.deferStreamEnd(call, code),
      onClosed: (callSid) => this.listenIn.forget(callSid),
    });
    this.flow = createCallFlow({
      config,
      clock,
      log,
      registry,
      publicUrl: deps.publicUrl,
      provider: () => {
        const p = ai.get();
        return p ? { name: p.name, model: p.model } : 'none';
      },
      human: human.webhook,
      tokens: deps.tokens,
      endCall,
      health: deps.health,
    });
    // Every call event goes to the call log, for as long as the app runs (queued from the first, written
    // off the audio path); a message left changes the callback list once it is written.
    const { store, broadcast } = deps;
    registry.events.on('event', (event) => {
      store.record(event);
      if (event.kind === 'voicemail')
        void store.flush().then(
          () => broadcast('callbacks.changed', { callId: event.callId }),
          () => undefined,
        );
    });
  }

  /** The board follows every call as it happens. */
  start(): void {
    this.offs.push(projectLiveEvents(this.deps.book.registry, this.deps.broadcast));
  }

  stop(): void {
    this.streams.closeAll('app stopping');
    for (const off of this.offs.splice(0)) off();
  }

  /** A caller's media socket: admitted only for a live call waiting for its stream. */
  admitStream(claims: CallTokenClaims): AdmitResult {
    return this.streams.admit(claims.callSid);
  }

  startStream(ws: WebSocket, claims: CallTokenClaims): void {
    this.streams.start(ws, claims.callSid);
  }

  /** This window's commands on live calls, and the test call. */
  handlers(session: ConsoleSession): CallHandlers & Pick<Handlers, 'call.placeTest'> {
    const { config, clock, log, book, client } = this.deps;
    return {
      ...callHandlers({
        registry: book.registry,
        listenIn: this.listenIn,
        client,
        endCall: book.endCall,
        sink: session.sink,
      }),
      'call.placeTest': (args) =>
        placeTestCall({ config, clock, log, localBaseUrl: this.deps.loopbackUrl }, args),
    };
  }

  /** A window closed: its listen-in taps go with it. */
  closed(session: ConsoleSession): void {
    this.listenIn.stopAll(session.sink);
  }
}
