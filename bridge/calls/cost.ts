// What a call cost, by component: the inbound leg (KES 0 by default), each agent leg (outbound rate
// from connect), and the AI (tokens and minutes at configured prices). Billing is per second by
// default (Sautikit's pricing page: KES 3.00/min = KES 0.05/s); the Calls concept page instead shows
// cost = ceil(seconds / 60) × rate, so the rule is a setting. Seconds come from Sautikit's records
// (call.completed `duration_seconds`, or GET /v1/calls) when it gives them, else from our own clock.
import type { CallId } from '../ids';
import type { CallRegistry } from './registry';

export type BillingRule = 'per-second' | 'per-minute';

export interface CostSettings {
  readonly inboundPerMinKesCents: number;
  readonly outboundPerMinKesCents: number;
  readonly billing: BillingRule;
  readonly aiInputPerMTokensKesCents: number;
  readonly aiOutputPerMTokensKesCents: number;
  readonly aiPerMinKesCents: number;
}

/** One leg's cost in KES cents: billed per started second (or per started minute), nothing unanswered. */
export function legCostKesCents(seconds: number, perMinKesCents: number, rule: BillingRule): number {
  if (!(seconds > 0) || perMinKesCents <= 0) return 0;
  const billedS = Math.ceil(seconds);
  if (rule === 'per-minute') return Math.ceil(billedS / 60) * perMinKesCents;
  return Math.ceil((billedS * perMinKesCents) / 60);
}

export interface AiUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** How long the AI was on the call. */
  readonly aiMs: number;
}

export function aiCostKesCents(usage: AiUsage, s: CostSettings): number {
  const tokens =
    (usage.inputTokens * s.aiInputPerMTokensKesCents + usage.outputTokens * s.aiOutputPerMTokensKesCents) /
    1_000_000;
  const minutes = (usage.aiMs / 60_000) * s.aiPerMinKesCents;
  return Math.ceil(tokens + minutes);
}

interface Meter {
  inputTokens: number;
  outputTokens: number;
  aiMs: number;
  streamStartedAt?: number;
  closed: boolean;
}

/** Adds up AI usage per call from CallEvents and publishes `cost` events by component. */
export class CostMeter {
  private readonly meters = new Map<CallId, Meter>();
  private off: (() => void) | null = null;

  constructor(private readonly deps: { registry: CallRegistry; settings: () => CostSettings }) {}

  start(): void {
    // Only the events that fill a meter make one: a call's later events (a leg costed after
    // `call.ended`) must not leave a meter behind that nothing deletes.
    this.off ??= this.deps.registry.events.on('event', (e) => {
      if (e.kind === 'usage') {
        // Each usage event is one report from the provider; we add them up.
        const m = this.meter(e.callId);
        m.inputTokens += e.inputTokens ?? 0;
        m.outputTokens += e.outputTokens ?? 0;
      } else if (e.kind === 'stream.started') {
        this.meter(e.callId).streamStartedAt = e.at;
      } else if (e.kind === 'stream.stopped') {
        const m = this.meters.get(e.callId);
        if (m?.streamStartedAt === undefined) return;
        m.aiMs += Math.max(0, e.at - m.streamStartedAt);
        m.streamStartedAt = undefined;
      } else if (e.kind === 'call.ended') {
        this.meters.delete(e.callId);
      }
    });
  }

  stop(): void {
    this.off?.();
    this.off = null;
  }

  /**
   * An agent leg ended after `seconds` connected. `recordCostMinor` is what Sautikit's call record
   * says it cost (KES minor units): when given it replaces our estimate.
   */
  legEnded(
    callId: CallId,
    agentName: string,
    seconds: number,
    source: 'carrier' | 'measured',
    recordCostMinor?: number,
  ): number {
    const s = this.deps.settings();
    const billed = recordCostMinor !== undefined && Number.isFinite(recordCostMinor) && recordCostMinor >= 0;
    const kesCents = billed
      ? Math.round(recordCostMinor)
      : legCostKesCents(seconds, s.outboundPerMinKesCents, s.billing);
    this.deps.registry.publish(callId, 'cost', {
      component: 'carrier-outbound',
      kesCents,
      detail: billed
        ? `${agentName}: ${Math.ceil(seconds)} s, billed by Sautikit`
        : `${agentName}: ${Math.ceil(seconds)} s ${s.billing} at ${s.outboundPerMinKesCents} cents/min (${source})`,
    });
    return kesCents;
  }

  /** The caller's call ended (publish before `call.ended`): the inbound leg and the AI. */
  callEnded(callId: CallId, answeredSeconds: number, source: 'carrier' | 'measured', nowMs: number): void {
    const m = this.meter(callId);
    if (m.closed) return;
    m.closed = true;
    if (m.streamStartedAt !== undefined) m.aiMs += Math.max(0, nowMs - m.streamStartedAt);
    const s = this.deps.settings();
    this.deps.registry.publish(callId, 'cost', {
      component: 'carrier-inbound',
      kesCents: legCostKesCents(answeredSeconds, s.inboundPerMinKesCents, s.billing),
      detail: `${Math.ceil(answeredSeconds)} s inbound at ${s.inboundPerMinKesCents} cents/min (${source})`,
    });
    if (m.aiMs > 0 || m.inputTokens > 0 || m.outputTokens > 0) {
      this.deps.registry.publish(callId, 'cost', {
        component: 'ai',
        kesCents: aiCostKesCents(m, s),
        detail: `${m.inputTokens} input + ${m.outputTokens} output tokens, ${Math.round(m.aiMs / 1000)} s`,
      });
    }
  }

  private meter(callId: CallId): Meter {
    let m = this.meters.get(callId);
    if (!m) {
      m = { inputTokens: 0, outputTokens: 0, aiMs: 0, closed: false };
      this.meters.set(callId, m);
    }
    return m;
  }
}
