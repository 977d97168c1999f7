// The human side of the app, assembled: the agents (roster), the waiting line, the escalation policy's
// decisions carried out by the human route on the caller's stream, the carrier route for calls that are
// not on it, and the carrier-transfer accelerator. The core wires in the few faces below: the voice
// webhook's HumanSide and the rest of the HumanPort live calls use, the agent legs' media sockets, the
// console's commands and headset frames, start and stop.
import { decodeListenFrame } from '../api/listen-frame';
import type { WebSocket } from 'ws';
import type { CallBook } from '../calls/call-book';
import type { HumanSide } from '../calls/call-flow';
import type { HumanPort } from '../calls/calls-feature';
import { EscalationPolicy } from '../calls/escalation';
import type { LiveCallState } from '../calls/registry';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import type { Log } from '../base/log';
import type { Broadcast, ConsoleSession } from '../console/session';
import type { CallTokenClaims } from '../media/call-token';
import type { AdmitResult } from '../media/server';
import type { SautikitClient } from '../sautikit/client';
import type { StoreClient } from '../store/client';
import { CarrierRoute } from './carrier-route';
import { CarrierTransfer } from './carrier-transfer';
import { humanHandlers, type HumanHandlers } from './console-handlers';
import { HumanRoute } from './human-route';
import { isCheckLeg, LiveCheck } from './live-check';
import type { AgentRepository } from '../domain/agent';
import { AgentRoster, InMemoryAgentRepository } from './roster';
import type { RouteUrls } from './route-urls';
import { WaitingLine } from './waiting-line';

export interface HumanSideDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly book: CallBook;
  readonly urls: RouteUrls;
  /** Tells every window the agents or the waiting line changed. */
  readonly broadcast: Broadcast;
  /** Sautikit's REST API as configured now; null without an API key. */
  readonly client: () => SautikitClient | null;
  /** How many consoles are open (with no roster, a person at a window takes waiting callers). */
  readonly consolesOpen: () => number;
  /** The store's agents table; memory when absent. */
  readonly repository?: AgentRepository;
  /** The call log's health: a roster that could not be read from it is read again once it is writable. */
  readonly store?: Pick<StoreClient, 'events'>;
}

export class HumanSideFeature implements HumanPort {
  readonly roster: AgentRoster;
  readonly line = new WaitingLine();
  readonly route: HumanRoute;
  readonly carrier: CarrierRoute;
  readonly transfer: CarrierTransfer;
  /** "Test my setup", live: a real call to an agent's phone. */
  readonly liveCheck: LiveCheck;
  readonly webhook: HumanSide;
  private readonly policy: EscalationPolicy;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: HumanSideDeps) {
    const { config, clock, log } = deps;
    const { registry, cost, bill, endCall } = deps.book;
    this.roster = new AgentRoster({
      repository: deps.repository ?? new InMemoryAgentRepository(),
      clock,
      log,
    });
    this.transfer = new CarrierTransfer({
      dataDir: config.dataDir,
      clock,
      log,
      mode: () => config.carrierTransfer,
      account: () => ({ apiBase: config.sautikitApiBase, apiKey: config.sautikitApiKey }),
    });
    this.route = new HumanRoute({
      config,
      clock,
      log,
      registry,
      roster: this.roster,
      line: this.line,
      cost,
      bill,
      urls: deps.urls,
      dataDir: config.dataDir,
      client: deps.client,
      consolesOpen: deps.consolesOpen,
      endCall,
      transfer: this.transfer,
    });
    this.carrier = new CarrierRoute({
      config,
      clock,
      log,
      registry,
      roster: this.roster,
      urls: deps.urls,
      client: deps.client,
      endCall,
    });
    this.policy = new EscalationPolicy({
      registry,
      log,
      settings: () => ({
        phrases: config.escalationPhrases,
        topics: config.neverAiTopics,
        sentimentThreshold: config.sentimentThreshold,
      }),
      act: (decision) => this.route.begin(decision.callId, decision.reason),
    });
    this.liveCheck = new LiveCheck({
      config,
      clock,
      log,
      roster: this.roster,
      urls: deps.urls,
      transfer: this.transfer,
      client: deps.client,
    });
    const { carrier, route, liveCheck } = this;
    this.webhook = {
      carrierRoute: (call, agentId) => carrier.start(call, agentId),
      onCarrierRoute: (call) => carrier.has(call),
      dialStatus: (call, body) => carrier.dialStatus(call, body),
      carrierVoicemail: (call, body) => carrier.voicemail(call, body),
      agentLegAnswer: (callSid, legId) =>
        isCheckLeg(legId) ? liveCheck.answer(legId!) : route.agentLegAnswer(callSid, legId),
      checkRedirected: (legId) => liveCheck.redirected(legId),
      legEvent: (ids, kind, status, reason) => route.legEvent(ids, kind, status, reason),
      carrierEvent: (call, kind, ev) => carrier.carrierEvent(call, kind, ev),
      callEnded: (call, failed, durationS) => carrier.callEnded(call, failed, durationS),
    };
  }

  async start(): Promise<void> {
    const { broadcast, clock } = this.deps;
    this.policy.start();
    this.offs.push(
      this.roster.events.on('changed', (list) => broadcast('agents.changed', list)),
      this.line.events.on('changed', () => broadcast('queue.changed', this.line.view(clock.epochMs()))),
    );
    const store = this.deps.store;
    if (store)
      this.offs.push(
        store.events.on('status', (s) => {
          if (s.ok) this.roster.retryLoad();
        }),
      );
    // An agent free again, or a console opening, may take the oldest waiting caller.
    this.offs.push(this.roster.events.on('available', () => this.route.dispatch()));
    if (!this.deps.client())
      this.deps.log.warn(
        'no Sautikit API key: people are reached on their headset in the window only (no phone can be rung)',
      );
    // Never throws: a roster that cannot be read yet (call log unavailable) keeps trying by itself.
    await this.roster.start({ name: this.deps.config.agentName, number: this.deps.config.agentNumber });
  }

  stop(): void {
    this.roster.stop();
    this.policy.stop();
    for (const off of this.offs.splice(0)) off();
  }

  /** The escalation policy's one door (the session's signals, no-AI calls). */
  escalate(...args: Parameters<EscalationPolicy['escalate']>): boolean {
    return this.policy.escalate(...args);
  }

  deferStreamEnd(call: LiveCallState, code: number): boolean {
    return this.route.deferStreamEnd(call, code);
  }

  /** An agent leg's media socket (their phone's stream, or the live check's): only while it is awaited. */
  admitAgentStream(claims: CallTokenClaims): AdmitResult {
    return this.route.ringOf(claims.callSid, claims.legId)?.awaitingStream ||
      this.liveCheck.awaitingStream(claims.legId)
      ? { ok: true }
      : { ok: false, status: 410, reason: 'agent leg not waiting' };
  }

  attachAgentStream(ws: WebSocket, claims: CallTokenClaims): void {
    const ring = this.route.ringOf(claims.callSid, claims.legId);
    if (ring) ring.attachStream(ws);
    else this.liveCheck.attachStream(claims.legId, ws);
  }

  /** This console's commands for agents, the queue, Take over and Release. */
  handlers(console: ConsoleSession): HumanHandlers {
    return humanHandlers({
      roster: this.roster,
      registry: this.deps.book.registry,
      route: this.route,
      line: this.line,
      liveCheck: this.liveCheck,
      clock: this.deps.clock,
      escalate: (callId, target) =>
        this.policy.escalate(callId, 'agent-takeover', 'Take over clicked', undefined, target),
      console,
    });
  }

  /** A binary frame from a console: its headset's microphone, for the call it holds. */
  frame(console: ConsoleSession, frame: Uint8Array): boolean {
    const audio = decodeListenFrame(frame);
    if (!audio || audio.direction !== 'outbound') return false;
    return this.route.headsetFrame(console.key, audio.callId, audio.pcm);
  }

  /** A console went away: a call on its headset is handed back (the AI, or a goodbye). */
  closed(console: ConsoleSession): void {
    for (const callSid of this.route.headsetCallsOf(console.key))
      this.route.release(callSid, console.key, 'the agent’s window closed');
  }
}
