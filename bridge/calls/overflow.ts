// Human overflow, assembled: the roster and queue, the escalation policy, the redirect to /handoff,
// the hunt for the next free agent, the queue dispatcher and the cost meter, behind the few methods
// the core wires in (escalate, the HumanRoute, endCall).
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { AgentId, CallId } from '../ids';
import type { Log } from '../log';
import type { SautikitClient } from '../sautikit/client';
import type { HumanRoute } from './call-flow';
import { CallEndWatch } from './call-end-watch';
import { CallQueue, type QueueView } from './call-queue';
import { CostMeter } from './cost';
import { EscalationPolicy } from './escalation';
import type { CallOutcome, EscalationReason } from './events';
import { createHandoffUrls } from './handoff-urls';
import { HandoffRedirector, type SessionControl } from './handoff-redirect';
import { createHumanRoute } from './human-route';
import { HuntBook, type OverflowContext } from './hunt';
import { QueueDispatcher } from './queue-dispatcher';
import type { CallRegistry } from './registry';
import { AgentRoster, InMemoryAgentRepository, type AgentRepository } from './routing';

export interface OverflowDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly publicUrl: () => string;
  readonly sessions: SessionControl;
  /** The store's agents table; memory when absent. */
  readonly repository?: AgentRepository;
  /**
   * Sautikit's REST API as configured now (read at each use, so Settings apply at once); null when no
   * API key is set (no redirect, no queue call-backs).
   */
  readonly client: () => SautikitClient | null;
}

export interface Overflow {
  readonly roster: AgentRoster;
  readonly queue: CallQueue;
  readonly humanRoute: HumanRoute;
  start(): Promise<void>;
  stop(): void;
  /** The one door for escalations (session signals, clicks, no-AI); false when ignored. */
  escalate(
    callId: CallId,
    reason: EscalationReason,
    detail: string,
    triggerText?: string,
    targetAgentId?: string,
  ): boolean;
  /** Ends a live call: leg and AI costs first, then `call.ended`. */
  endCall(callSid: string, outcome: CallOutcome, reason: string, answeredSeconds?: number): void;
  /** Whether the call is leaving or has left the AI (its stream closing does not end it). */
  isWithHumans(callSid: string): boolean;
  queueView(): QueueView;
}

export function createOverflow(deps: OverflowDeps): Overflow {
  const { config, clock, log, registry } = deps;
  const roster = new AgentRoster({
    repository: deps.repository ?? new InMemoryAgentRepository(),
    clock,
    log,
  });
  const queue = new CallQueue();
  const cost = new CostMeter({ registry, settings: () => config });
  const urls = createHandoffUrls({ secret: config.mediaTokenSecret, clock, publicUrl: deps.publicUrl });
  const ctx: OverflowContext = {
    config,
    clock,
    log,
    registry,
    roster,
    queue,
    cost,
    get client() {
      return deps.client();
    },
    urls,
  };
  const book = new HuntBook(ctx);
  const dispatcher = new QueueDispatcher(ctx, book);
  const escalation: EscalationPolicy = new EscalationPolicy({
    registry,
    log,
    settings: () => ({
      phrases: config.escalationPhrases,
      topics: config.neverAiTopics,
      sentimentThreshold: config.sentimentThreshold,
    }),
    act: (decision) => redirector.act(decision),
  });
  const redirector = new HandoffRedirector(
    ctx,
    book,
    deps.sessions,
    (callId) => escalation.reopen(callId),
    (callSid, outcome, reason) => endCall(callSid, outcome, reason),
  );
  const kickSoon = () => clock.setTimeout(() => dispatcher.kick(), 0);

  const endCall: Overflow['endCall'] = (callSid, outcome, reason, answeredSeconds) => {
    const live = registry.get(callSid);
    if (!live || live.phase === 'ended') return;
    deps.sessions.close(callSid, reason);
    const hunt = book.get(callSid);
    if (hunt) book.close(hunt, reason);
    const now = clock.epochMs();
    const measuredS = (now - live.startedAt) / 1000;
    cost.callEnded(
      live.callId,
      answeredSeconds ?? measuredS,
      answeredSeconds !== undefined ? 'carrier' : 'measured',
      now,
    );
    redirector.forget(live.callId);
    registry.publish(live.callId, 'call.ended', { outcome, durationMs: now - live.startedAt, reason });
  };

  const humanRoute = createHumanRoute({
    ctx,
    book,
    onQueueTimeout: (hunt) => dispatcher.toVoicemail(hunt),
    endCall,
  });
  // The first answer puts a caller in the queue: look for an agent right after it is sent.
  const route: HumanRoute = {
    ...humanRoute,
    handoff: (callSid, agentId) => withKick(callSid, humanRoute.handoff(callSid, agentId)),
    dialStatus: (callSid, body) => withKick(callSid, humanRoute.dialStatus(callSid, body)),
  };
  const watch = new CallEndWatch(ctx, book, (kind, data) => humanRoute.carrierEvent(kind, data));
  function withKick<T>(callSid: string, result: T): T {
    if (queue.has(callSid)) kickSoon();
    return result;
  }

  const offs: (() => void)[] = [];
  return {
    roster,
    queue,
    humanRoute: route,

    async start() {
      escalation.start();
      cost.start();
      watch.start();
      offs.push(roster.events.on('available', () => dispatcher.kick()));
      offs.push(book.events.on('retry', () => kickSoon()));
      if (!deps.client())
        log.warn(
          'no Sautikit API key: escalations cannot redirect calls and queued callers wait for voicemail',
        );
      // Never throws: a roster that cannot be read yet (call log unavailable) keeps trying by itself.
      await roster.start({ name: config.agentName, number: config.agentNumber });
    },

    stop() {
      roster.stop();
      escalation.stop();
      cost.stop();
      watch.stop();
      for (const off of offs.splice(0)) off();
      book.stop();
    },

    escalate(callId, reason, detail, triggerText, targetAgentId) {
      return escalation.escalate(callId, reason, detail, triggerText, targetAgentId as AgentId | undefined);
    },

    endCall,

    isWithHumans(callSid) {
      const live = registry.get(callSid);
      return !!live && (escalation.isEscalated(live.callId) || book.get(callSid) !== undefined);
    },

    queueView: () => queue.view(clock.epochMs()),
  };
}
