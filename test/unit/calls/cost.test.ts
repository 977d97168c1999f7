import { describe, expect, it } from 'vitest';
import { aiPricesFor, KES_PER_USD, usdToKesCents } from '../../../bridge/calls/ai-prices';
import { billedKesCents, CallBill } from '../../../bridge/calls/call-bill';
import type { CallRates, RateInUse } from '../../../bridge/calls/carrier-rates';
import {
  aiCostKesCents,
  CostMeter,
  legCostKesCents,
  splitUsage,
  type CostSettings,
} from '../../../bridge/calls/cost';
import type { CallEvent, CallEventOf } from '../../../bridge/domain/call-events';
import { CallRegistry } from '../../../bridge/calls/registry';
import { FakeClock } from '../../../bridge/base/clock';
import { asCarrierCallSid } from '../../../bridge/domain/ids';
import { createSilentLog } from '../../../bridge/base/log';
import type { CallRecord } from '../../../bridge/sautikit/client';
import { SautikitApiError } from '../../../bridge/sautikit/client';

const settings: CostSettings = { billing: 'per-second', aiPerMinKesCents: 0 };
const rates = (inbound: RateInUse, outbound: RateInUse = { perMinKesCents: 300, source: 'default' }) =>
  ({ inbound: () => inbound, outbound: () => outbound }) satisfies CallRates;
const FREE_INBOUND: RateInUse = { perMinKesCents: 0, source: 'default' };

describe('legCostKesCents', () => {
  it('bills KES 3.00/min per second from connect', () => {
    expect(legCostKesCents(60, 300, 'per-second')).toBe(300);
    expect(legCostKesCents(95, 300, 'per-second')).toBe(475);
    expect(legCostKesCents(1, 300, 'per-second')).toBe(5);
    expect(legCostKesCents(0.2, 300, 'per-second')).toBe(5);
    expect(legCostKesCents(0, 300, 'per-second')).toBe(0);
    expect(legCostKesCents(30, 0, 'per-second')).toBe(0);
    expect(legCostKesCents(7, 250, 'per-second')).toBe(30);
  });

  it('can bill per started minute as the Calls concept page shows', () => {
    expect(legCostKesCents(90, 300, 'per-minute')).toBe(600);
    expect(legCostKesCents(60, 300, 'per-minute')).toBe(300);
    expect(legCostKesCents(61, 300, 'per-minute')).toBe(600);
  });
});

describe('AI prices', () => {
  it('default to each model’s published audio prices in KES at the stated rate; a setting wins', () => {
    expect(KES_PER_USD).toBe(129);
    expect(usdToKesCents(3)).toBe(38_700);
    const gemini = aiPricesFor('gemini', settings);
    expect(gemini).toMatchObject({
      audioInPerMTokensKesCents: 38_700,
      audioOutPerMTokensKesCents: 154_800,
      textInPerMTokensKesCents: 9_675,
      source: 'published',
      label: 'Gemini Live',
    });
    expect(aiPricesFor('openai', settings)).toMatchObject({
      audioInPerMTokensKesCents: 412_800,
      cachedInPerMTokensKesCents: 5_160,
      audioOutPerMTokensKesCents: 825_600,
      source: 'published',
    });
    expect(aiPricesFor('demo', settings)).toMatchObject({
      audioInPerMTokensKesCents: 0,
      audioOutPerMTokensKesCents: 0,
    });
    expect(
      aiPricesFor('openai', {
        ...settings,
        aiInputPerMTokensKesCents: 1000,
        aiOutputPerMTokensKesCents: 2000,
      }),
    ).toMatchObject({ audioInPerMTokensKesCents: 1000, audioOutPerMTokensKesCents: 2000, source: 'setting' });
    // A model with no published list: only what is set prices it.
    expect(aiPricesFor('someday-model', settings)).toMatchObject({
      audioInPerMTokensKesCents: 0,
      source: 'none',
    });
  });

  it('splits a usage report into what each part is priced at', () => {
    const usage = (u: Partial<CallEventOf<'usage'>>) => ({ kind: 'usage', ...u }) as CallEventOf<'usage'>;
    // No breakdown: all of it at the audio rate (the dearer one: an estimate never runs low).
    expect(splitUsage(usage({ inputTokens: 120, outputTokens: 40 }))).toEqual({
      audioInTokens: 120,
      textInTokens: 0,
      cachedInTokens: 0,
      audioOutTokens: 40,
      textOutTokens: 0,
    });
    // OpenAI's response.done: 200 in (160 audio, 64 cached), 60 out (48 audio).
    expect(
      splitUsage(
        usage({
          inputTokens: 200,
          outputTokens: 60,
          inputAudioTokens: 160,
          inputCachedTokens: 64,
          outputAudioTokens: 48,
        }),
      ),
    ).toEqual({
      audioInTokens: 136,
      textInTokens: 0,
      cachedInTokens: 64,
      audioOutTokens: 48,
      textOutTokens: 12,
    });
    // Gemini's usageMetadata: 120 in (80 audio), 40 out (all audio).
    expect(
      splitUsage(usage({ inputTokens: 120, outputTokens: 40, inputAudioTokens: 80, outputAudioTokens: 40 })),
    ).toEqual({
      audioInTokens: 80,
      textInTokens: 40,
      cachedInTokens: 0,
      audioOutTokens: 40,
      textOutTokens: 0,
    });
    // Parts larger than the totals are clipped to them.
    expect(splitUsage(usage({ inputTokens: 10, inputCachedTokens: 50, outputTokens: -3 }))).toEqual({
      audioInTokens: 0,
      textInTokens: 0,
      cachedInTokens: 10,
      audioOutTokens: 0,
      textOutTokens: 0,
    });
  });

  it('prices tokens per million by kind, and minutes', () => {
    const gemini = aiPricesFor('gemini', settings);
    const none = {
      audioInTokens: 0,
      textInTokens: 0,
      cachedInTokens: 0,
      audioOutTokens: 0,
      textOutTokens: 0,
    };
    expect(aiCostKesCents({ ...none, audioInTokens: 1_000_000, aiMs: 0 }, gemini)).toBe(38_700);
    expect(
      aiCostKesCents({ ...none, audioOutTokens: 500_000, textOutTokens: 1_000_000, aiMs: 0 }, gemini),
    ).toBe(77_400 + 58_050);
    expect(aiCostKesCents({ ...none, aiMs: 90_000 }, { ...gemini, perMinKesCents: 100 })).toBe(150);
    expect(aiCostKesCents({ ...none, audioInTokens: 1, aiMs: 0 }, gemini)).toBe(1);
  });
});

function world(opts: { rates?: CallRates; bill?: 'none' | CallRecordSource; callSid?: string } = {}) {
  const clock = new FakeClock();
  const registry = new CallRegistry(clock);
  const events: CallEvent[] = [];
  registry.events.on('event', (e) => events.push(e));
  const source = opts.bill === 'none' ? null : opts.bill;
  const bill = new CallBill({ registry, clock, log: createSilentLog(), client: () => source ?? null });
  const meter = new CostMeter({
    registry,
    settings: () => settings,
    rates: opts.rates ?? rates(FREE_INBOUND),
    bill,
  });
  meter.start();
  const open = (provider = 'gemini') =>
    registry.open({
      callSid: asCarrierCallSid(opts.callSid ?? 'CA1'),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider,
      model: 'm',
    });
  const costs = () => events.filter((e): e is CallEventOf<'cost'> => e.kind === 'cost');
  /** Ends the call as call-end.ts does: the costs, then `call.ended`. */
  const end = (callId: ReturnType<typeof open>['callId'], seconds: number) => {
    meter.callEnded(callId, seconds, 'carrier', clock.epochMs());
    registry.publish(callId, 'call.ended', {
      outcome: 'ai-resolved',
      durationMs: seconds * 1000,
      reason: 'x',
    });
  };
  return { clock, registry, events, meter, bill, open, costs, end };
}

/** A scripted GET /v1/calls/{id}: each read answers the next record (the last one repeats). */
class CallRecordSource {
  readonly reads: string[] = [];
  constructor(private readonly answers: (Partial<CallRecord> | Error)[]) {}
  getCall(id: string): Promise<CallRecord> {
    this.reads.push(id);
    const next = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve({ id, status: 'completed', raw: {}, ...next });
  }
}

const RATED = { endedAt: '2026-01-01T00:02:20Z', durationS: 140, costMinor: 300, ratePerMinuteMinor: 100 };
const NOT_RATED = { endedAt: '2026-01-01T00:02:20Z', costMinor: 0 };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('CostMeter', () => {
  it('publishes estimates by component from usage, the AI stream and legs', () => {
    const w = world({ rates: rates({ perMinKesCents: 60, source: 'sautikit', readAtMs: 1 }) });
    const { callId } = w.open();
    w.registry.publish(callId, 'stream.started', {});
    w.registry.publish(callId, 'usage', {
      inputTokens: 10_000,
      outputTokens: 5_000,
      inputAudioTokens: 8_000,
    });
    w.registry.publish(callId, 'usage', {
      inputTokens: 10_000,
      outputTokens: 5_000,
      inputAudioTokens: 8_000,
    });
    w.clock.advance(30_000);
    w.registry.publish(callId, 'stream.stopped', { reason: 'redirected' });
    expect(w.meter.legEnded(callId, 'Wanjiru', 95, 'carrier')).toBe(475);
    w.meter.callEnded(callId, 140, 'carrier', w.clock.epochMs());
    w.meter.callEnded(callId, 140, 'carrier', w.clock.epochMs());
    // Gemini Live's published prices: 16,000 audio + 4,000 text in, 10,000 out (all audio).
    const ai = Math.ceil((16_000 * 38_700 + 4_000 * 9_675 + 10_000 * 154_800) / 1_000_000);
    expect(w.costs().map((c) => [c.component, c.kesCents, c.basis])).toEqual([
      ['carrier-outbound', 475, 'estimate'],
      ['carrier-inbound', 140, 'estimate'],
      ['ai', ai, 'estimate'],
    ]);
    expect(ai).toBeGreaterThan(0);
    expect(w.costs()[0]!.detail).toContain('300 cents/min (the default rate)');
    expect(w.costs()[1]!.detail).toContain("60 cents/min (Sautikit's published price)");
    expect(w.costs()[1]!.detail).toContain('no Sautikit API key to read the bill');
    expect(w.costs()[2]!.detail).toMatch(
      /^Gemini Live: 20000 input tokens \(16000 audio, 0 cached\) \+ 10000 output \(10000 audio\), 30 s; published audio prices/,
    );
  });

  it('labels the demo agent’s AI cost as none, and costs no AI on a call without one', () => {
    const demo = world({ callSid: 'CA-demo' });
    const d = demo.open('demo');
    demo.registry.publish(d.callId, 'stream.started', {});
    demo.clock.advance(20_000);
    demo.end(d.callId, 20);
    expect(demo.costs().find((c) => c.component === 'ai')).toMatchObject({
      kesCents: 0,
      detail: 'the demo agent (a local script: no AI charge), 20 s',
    });
    const people = world({ callSid: 'CA-people' });
    const p = people.open('none');
    people.registry.publish(p.callId, 'stream.started', {});
    people.clock.advance(20_000);
    people.end(p.callId, 20);
    expect(people.costs().map((c) => c.component)).toEqual(['carrier-inbound']);
  });
});

describe('billedKesCents', () => {
  const record = (r: Partial<CallRecord>): CallRecord => ({ id: 'CA1', status: 'answered', raw: {}, ...r });
  it('is the record’s cost once it is rated, and nothing before', () => {
    expect(billedKesCents(record({ costMinor: 0 }))).toBeUndefined();
    expect(billedKesCents(record({ status: 'completed', costMinor: 0 }))).toBeUndefined();
    expect(billedKesCents(record({ ...RATED, status: 'completed' }))).toBe(300);
    expect(billedKesCents(record({ ...RATED, status: 'answered' }))).toBe(300);
    expect(billedKesCents(record({ status: 'no_answer', durationS: 0, costMinor: 0 }))).toBe(0);
    expect(billedKesCents(record({ ...RATED, raw: { cost_currency: 'USD' } }))).toBeUndefined();
  });
});

describe('CallBill: Sautikit’s record replaces the estimate', () => {
  const inbound = rates({ perMinKesCents: 50, source: 'sautikit', readAtMs: 1 });

  it('reads the record a moment after the end, until it is rated, and corrects the estimate', async () => {
    const source = new CallRecordSource([NOT_RATED, RATED]);
    const w = world({ rates: inbound, bill: source });
    const { callId } = w.open();
    w.end(callId, 140);
    // The estimate came before call.ended, and nothing was read yet: the end never waits for the bill.
    expect(w.events.map((e) => e.kind).slice(-2)).toEqual(['cost', 'call.ended']);
    expect(w.costs()[0]).toMatchObject({ kesCents: 117, basis: 'estimate' });
    expect(w.costs()[0]!.detail).toContain("an estimate until Sautikit's record is read");
    expect(source.reads).toEqual([]);
    w.clock.advance(2_000);
    await settle();
    expect(source.reads).toEqual(['CA1']);
    expect(w.costs()).toHaveLength(1);
    w.clock.advance(5_000);
    await settle();
    expect(source.reads).toHaveLength(2);
    const correction = w.costs()[1]!;
    expect(correction).toMatchObject({
      component: 'carrier-inbound',
      basis: 'billed',
      estimatedKesCents: 117,
      billedKesCents: 300,
      kesCents: 300 - 117,
    });
    // The sums stay right, and the timeline says both.
    expect(w.costs().reduce((n, c) => n + c.kesCents, 0)).toBe(300);
    const { summarise } = await import('../../../bridge/domain/event-summary');
    expect(summarise(correction)).toBe('Call cost (Sautikit): estimated KES 1.17, billed KES 3.00');
    expect(summarise(w.costs()[0]!)).toBe('Call cost (Sautikit): KES 1.17 (estimate)');
    w.clock.advance(120_000);
    await settle();
    expect(source.reads).toHaveLength(2);
  });

  it('gives up after a bounded number of reads when the record never becomes final', async () => {
    const source = new CallRecordSource([NOT_RATED]);
    const w = world({ bill: source });
    const { callId } = w.open();
    w.end(callId, 10);
    for (let i = 0; i < 10; i++) {
      w.clock.advance(60_000);
      await settle();
    }
    expect(source.reads).toHaveLength(4);
    expect(w.costs().map((c) => c.basis)).toEqual(['estimate']);
  });

  it('keeps reading after a network failure, stops at a refusal', async () => {
    const flaky = new CallRecordSource([
      new SautikitApiError('SAUTIKIT_GET_CALL_FAILED', 'no answer', { attempts: 4, retryable: true }),
      RATED,
    ]);
    const a = world({ bill: flaky });
    a.end(a.open().callId, 140);
    a.clock.advance(2_000);
    await settle();
    a.clock.advance(5_000);
    await settle();
    expect(a.costs().at(-1)).toMatchObject({ basis: 'billed', billedKesCents: 300 });

    const gone = new CallRecordSource([
      new SautikitApiError('SAUTIKIT_GET_CALL_FAILED', 'calls.not_found', { attempts: 1, retryable: false }),
    ]);
    const b = world({ bill: gone });
    b.end(b.open().callId, 140);
    b.clock.advance(120_000);
    await settle();
    expect(gone.reads).toHaveLength(1);
    expect(b.costs().map((c) => c.basis)).toEqual(['estimate']);
  });

  it('never reads a test call’s record, and says why the estimate stays', async () => {
    const source = new CallRecordSource([RATED]);
    const w = world({ bill: source, callSid: 'TEST-1' });
    w.end(w.open().callId, 30);
    w.clock.advance(120_000);
    await settle();
    expect(source.reads).toEqual([]);
    expect(w.costs()[0]!.detail).toContain('a test call has no carrier record');
  });

  it('stops reading when the app stops', async () => {
    const source = new CallRecordSource([RATED]);
    const w = world({ bill: source });
    w.end(w.open().callId, 30);
    w.bill.stop();
    w.clock.advance(120_000);
    await settle();
    expect(source.reads).toEqual([]);
  });
});
