// What a call cost, by component: the caller's call (the inbound rate), each agent leg (the outbound
// rate from connect), and the AI (its tokens at the model's prices, and minutes). These are estimates,
// published as the call (or leg) ends; Sautikit's record replaces the caller's call's estimate when it
// is final (call-bill.ts), as it already replaces an agent leg's. Billing is per second by default
// (Sautikit's pricing page: KES 3.00/min = KES 0.05/s); the Calls concept page instead shows
// cost = ceil(seconds / 60) × rate, so the rule is a setting.
import type { CallId } from '../domain/ids';
import { aiPricesFor, answersWithAi, type AiPrices, type AiPriceSettings } from './ai-prices';
import type { CallBill } from './call-bill';
import { rateSourceWords, type CallRates, type RateInUse } from './carrier-rates';
import type { CallEventOf } from '../domain/call-events';
import type { CallRegistry } from './registry';

export type BillingRule = 'per-second' | 'per-minute';

export interface CostSettings extends AiPriceSettings {
  readonly billing: BillingRule;
}

/** One leg's cost in KES cents: billed per started second (or per started minute), nothing unanswered. */
export function legCostKesCents(seconds: number, perMinKesCents: number, rule: BillingRule): number {
  if (!(seconds > 0) || perMinKesCents <= 0) return 0;
  const billedS = Math.ceil(seconds);
  if (rule === 'per-minute') return Math.ceil(billedS / 60) * perMinKesCents;
  return Math.ceil((billedS * perMinKesCents) / 60);
}

/** A call's AI usage, split the way the providers price it. */
export interface AiUsage {
  readonly audioInTokens: number;
  readonly textInTokens: number;
  readonly cachedInTokens: number;
  readonly audioOutTokens: number;
  readonly textOutTokens: number;
  /** How long the AI was on the call. */
  readonly aiMs: number;
}

export function aiCostKesCents(usage: AiUsage, p: AiPrices): number {
  const tokens =
    (usage.audioInTokens * p.audioInPerMTokensKesCents +
      usage.textInTokens * p.textInPerMTokensKesCents +
      usage.cachedInTokens * p.cachedInPerMTokensKesCents +
      usage.audioOutTokens * p.audioOutPerMTokensKesCents +
      usage.textOutTokens * p.textOutPerMTokensKesCents) /
    1_000_000;
  const minutes = (usage.aiMs / 60_000) * p.perMinKesCents;
  return Math.ceil(tokens + minutes);
}

/**
 * Splits one usage report into its priced parts. Cached input first; the rest of the input is audio up
 * to the audio count the provider gave (all of it when it gave none: the dearer rate, so an estimate
 * never runs low), the remainder text. Output likewise.
 */
export function splitUsage(u: CallEventOf<'usage'>): Omit<AiUsage, 'aiMs'> {
  const input = count(u.inputTokens);
  const output = count(u.outputTokens);
  const cachedIn = Math.min(input, count(u.inputCachedTokens));
  const uncached = input - cachedIn;
  const audioIn = u.inputAudioTokens === undefined ? uncached : Math.min(uncached, count(u.inputAudioTokens));
  const audioOut = u.outputAudioTokens === undefined ? output : Math.min(output, count(u.outputAudioTokens));
  return {
    audioInTokens: audioIn,
    textInTokens: uncached - audioIn,
    cachedInTokens: cachedIn,
    audioOutTokens: audioOut,
    textOutTokens: output - audioOut,
  };
}

function count(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
}

interface Meter {
  provider?: string;
  audioInTokens: number;
  textInTokens: number;
  cachedInTokens: number;
  audioOutTokens: number;
  textOutTokens: number;
  aiMs: number;
  streamStartedAt?: number;
  closed: boolean;
}

/** Adds up AI usage per call from CallEvents and publishes `cost` events by component. */
export class CostMeter {
  private readonly meters = new Map<CallId, Meter>();
  private off: (() => void) | null = null;

  constructor(
    private readonly deps: {
      readonly registry: CallRegistry;
      readonly settings: () => CostSettings;
      readonly rates: CallRates;
      /** Reads Sautikit's bill after the end; absent: every estimate stays one. */
      readonly bill?: CallBill;
    },
  ) {}

  start(): void {
    // Only the events that fill a meter make one: a call's later events (a leg costed after
    // `call.ended`) must not leave a meter behind that nothing deletes.
    this.off ??= this.deps.registry.events.on('event', (e) => {
      if (e.kind === 'call.started') {
        this.meter(e.callId).provider = e.provider;
      } else if (e.kind === 'usage') {
        // Each usage event is one billed report from the provider; we add them up.
        const m = this.meter(e.callId);
        const part = splitUsage(e);
        m.audioInTokens += part.audioInTokens;
        m.textInTokens += part.textInTokens;
        m.cachedInTokens += part.cachedInTokens;
        m.audioOutTokens += part.audioOutTokens;
        m.textOutTokens += part.textOutTokens;
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
   * An agent leg ended after `seconds` connected: its estimate now; Sautikit's record of the leg is
   * read later (call-bill.ts) and replaces it. Returns the estimate.
   */
  legEnded(callId: CallId, agentName: string, seconds: number, source: 'carrier' | 'measured'): number {
    const s = this.deps.settings();
    const rate = this.deps.rates.outbound();
    const kesCents = legCostKesCents(seconds, rate.perMinKesCents, s.billing);
    this.deps.registry.publish(callId, 'cost', {
      component: 'carrier-outbound',
      kesCents,
      basis: 'estimate',
      detail: `${agentName}: ${Math.ceil(seconds)} s ${s.billing} at ${rateWords(rate)} (${source})`,
    });
    return kesCents;
  }

  /**
   * The caller's call ended (publish before `call.ended`): the estimates of the caller's call and of
   * the AI. Sautikit's record replaces the first when it is final (read from a moment later).
   */
  callEnded(callId: CallId, answeredSeconds: number, source: 'carrier' | 'measured', nowMs: number): void {
    const m = this.meter(callId);
    if (m.closed) return;
    m.closed = true;
    if (m.streamStartedAt !== undefined) m.aiMs += Math.max(0, nowMs - m.streamStartedAt);
    const s = this.deps.settings();
    const rate = this.deps.rates.inbound();
    const inbound = legCostKesCents(answeredSeconds, rate.perMinKesCents, s.billing);
    const noBill = this.deps.bill ? this.deps.bill.whyNoBill(callId) : "Sautikit's bill is not read";
    this.deps.registry.publish(callId, 'cost', {
      component: 'carrier-inbound',
      kesCents: inbound,
      basis: 'estimate',
      detail:
        `${Math.ceil(answeredSeconds)} s ${s.billing} at ${rateWords(rate)} (${source}): ` +
        (noBill === null ? "an estimate until Sautikit's record is read" : `an estimate (${noBill})`),
    });
    if (m.provider !== undefined && answersWithAi(m.provider) && (m.aiMs > 0 || tokensOf(m) > 0)) {
      const prices = aiPricesFor(m.provider, s);
      this.deps.registry.publish(callId, 'cost', {
        component: 'ai',
        kesCents: aiCostKesCents(m, prices),
        basis: 'estimate',
        detail: aiDetail(m, prices),
      });
    }
    this.deps.bill?.expect(callId, inbound);
  }

  private meter(callId: CallId): Meter {
    let m = this.meters.get(callId);
    if (!m) {
      m = {
        audioInTokens: 0,
        textInTokens: 0,
        cachedInTokens: 0,
        audioOutTokens: 0,
        textOutTokens: 0,
        aiMs: 0,
        closed: false,
      };
      this.meters.set(callId, m);
    }
    return m;
  }
}

function tokensOf(m: Omit<AiUsage, 'aiMs'>): number {
  return m.audioInTokens + m.textInTokens + m.cachedInTokens + m.audioOutTokens + m.textOutTokens;
}

function rateWords(rate: RateInUse): string {
  return `${rate.perMinKesCents} cents/min (${rateSourceWords(rate)})`;
}

function aiDetail(m: Meter, p: AiPrices): string {
  const input = m.audioInTokens + m.textInTokens + m.cachedInTokens;
  const output = m.audioOutTokens + m.textOutTokens;
  if (m.provider === 'demo') return `${p.label}, ${Math.round(m.aiMs / 1000)} s`;
  const prices =
    p.source === 'none'
      ? 'no price known for it'
      : `${p.source === 'setting' ? 'your' : 'published'} audio prices ` +
        `${p.audioInPerMTokensKesCents} in / ${p.audioOutPerMTokensKesCents} out cents per 1M tokens`;
  return (
    `${p.label}: ${input} input tokens (${m.audioInTokens} audio, ${m.cachedInTokens} cached) + ` +
    `${output} output (${m.audioOutTokens} audio), ${Math.round(m.aiMs / 1000)} s; ${prices}: an estimate`
  );
}
