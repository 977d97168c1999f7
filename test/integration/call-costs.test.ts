// What calls cost, through the real core over real sockets with the Sautikit simulator: the rates come
// from Sautikit's published prices (GET /v1/public/pricing on the simulator); a call's estimate is
// published with its end and replaced by the carrier's record once it is rated, never delaying the end;
// the AI's usage (the real Gemini provider against the fake Gemini Live) costs it at Gemini's published
// prices; a carrier <Dial> nobody was seen to answer costs nothing of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { createProvider } from '../../bridge/ai/create-provider';
import type { CallEvent, CallEventOf } from '../../bridge/domain/call-events';
import { loadConfig } from '../../bridge/config/config';
import { FakeGeminiLive } from '../fakes/fake-gemini-live';
import { GREETING_TEXT } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { GEMINI_LIVE } from '../harness/ai-services';
import { startTestApp, type TestApp } from '../harness/app';
import { startHumanWorld, type HumanWorld } from '../harness/human-world';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

const A = '+254711000001';
let world: HumanWorld | undefined;

/** The settings the window reads, once `rate` is Sautikit's published price (read at start). */
function settingsOnceSautikitRate(w: HumanWorld, rate: 'inboundPerMinKesCents' | 'outboundPerMinKesCents') {
  return waitFor(
    async () => {
      const v = await w.console.cmd('settings.get', {});
      return v.ratesInUse?.[rate]?.source === 'sautikit' ? v : undefined;
    },
    5000,
    `Sautikit's published ${rate} in use`,
  );
}

let app: TestApp | undefined;
let fake: FakeGeminiLive | undefined;
afterEach(async () => {
  await world?.stop();
  await app?.stop();
  await fake?.stop();
  world = app = fake = undefined;
});

const isCost =
  (component: CallEventOf<'cost'>['component'], basis: 'estimate' | 'billed') =>
  (e: CallEvent): e is CallEventOf<'cost'> =>
    e.kind === 'cost' && e.component === component && e.basis === basis;

describe('call costs', () => {
  it('an AI call’s estimate is replaced by Sautikit’s record, and its AI cost is in the call log', async () => {
    fake = await FakeGeminiLive.start({});
    const provider = createProvider(
      loadConfig({ ...GEMINI_LIVE.settings(fake), greeting: GREETING_TEXT, logLevel: 'silent' }),
    );
    world = await startHumanWorld({
      provider: provider ?? undefined,
      rest: { inboundPerMinMinor: 50, recordRatedAfterMs: 2500 },
    });
    const w = world;
    // The rates were read from the simulator's published prices at start.
    const view = await settingsOnceSautikitRate(w, 'inboundPerMinKesCents');
    expect(w.rest.count('pricing', 200)).toBe(1);
    expect(view.ratesInUse?.inboundPerMinKesCents).toMatchObject({ kesCents: 50 });
    expect(view.ratesInUse?.aiInputPerMTokensKesCents).toMatchObject({
      kesCents: 38_700,
      source: 'price-list',
      of: 'Gemini Live',
    });

    const { sim, carrier } = await w.call();
    await sim.connectMedia();
    void sim.streamSilence(4000);
    await w.waitEvent(sim.callSid, (e) => e.kind === 'usage', 'Gemini’s usageMetadata', 10_000);
    // Past the first billed minute on the carrier's (scaled) clock, so its record and the app's estimate
    // (measured in real seconds) come out as different sums.
    await waitFor(
      () =>
        carrier.answeredAtMs !== undefined && w.rest.pbx.simSeconds(carrier.answeredAtMs, Date.now()) > 60,
      5000,
      'a billed minute on the carrier’s clock',
    );
    // The caller hangs up: the carrier ends the call, and rates its record a moment later.
    await w.rest.pbx.hangUp(carrier.id, 'caller hung up');
    await w.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'the end');
    const events = w.eventsOf(sim.callSid);
    const endedAt = events.findIndex((e) => e.kind === 'call.ended');
    const estimate = events.find(isCost('carrier-inbound', 'estimate'));
    expect(estimate).toBeDefined();
    expect(events.indexOf(estimate!)).toBeLessThan(endedAt);
    expect(estimate!.detail).toContain("an estimate until Sautikit's record is read");
    // Nothing billed yet when the call ended: the end never waits for the record.
    expect(events.some(isCost('carrier-inbound', 'billed'))).toBe(false);

    const correction = (await w.waitEvent(
      sim.callSid,
      isCost('carrier-inbound', 'billed'),
      'the bill',
      15_000,
    )) as CallEventOf<'cost'>;
    const billed = w.rest.cdr(carrier).cost_minor as number;
    expect(billed).toBeGreaterThan(0);
    expect(correction).toMatchObject({
      estimatedKesCents: estimate!.kesCents,
      billedKesCents: billed,
      kesCents: billed - estimate!.kesCents,
    });
    expect(billed).not.toBe(estimate!.kesCents);
    const ai = w.eventsOf(sim.callSid, 'cost').find((e) => e.kind === 'cost' && e.component === 'ai');
    expect(ai).toMatchObject({ basis: 'estimate' });
    expect(ai && ai.kind === 'cost' && ai.kesCents).toBeGreaterThan(0);
    expect(ai && ai.kind === 'cost' && ai.detail).toMatch(/^Gemini Live: \d+ input tokens \(\d+ audio/);

    // The call log holds the bill, the AI cost, and a timeline that says both figures.
    const detail = await waitFor(
      async () => {
        const d = await w.console.cmd('history.detail', { callId: sim.callSid });
        return d.call.costByComponent['carrier-inbound'] === billed ? d : undefined;
      },
      10_000,
      'the bill in the call log',
    );
    expect(detail.call.costByComponent.ai).toBeGreaterThan(0);
    expect(detail.call.costKesCents).toBe(billed + detail.call.costByComponent.ai!);
    const summaries = detail.timeline.map((i) => i.summary);
    expect(summaries).toContain(
      `Call cost (Sautikit): estimated KES ${(estimate!.kesCents / 100).toFixed(2)}, billed KES ${(billed / 100).toFixed(2)}`,
    );
    // …and the history list and the dashboard count the same money.
    const rows = (await w.console.cmd('history.list', {})).rows;
    expect(rows.find((r) => r.callId === sim.callSid)?.costKesCents).toBe(detail.call.costKesCents);
    const today = await waitFor(
      async () => {
        const [d] = (await w.console.cmd('stats.daily', { days: 1 })).slice(-1);
        return d?.costKesCents === detail.call.costKesCents ? d : undefined;
      },
      5000,
      'the dashboard’s total for today',
    );
    expect(today.costKesCents).toBeGreaterThan(billed);
  });

  it('reads the changelog’s shape of the published prices too, and an explicit setting wins', async () => {
    world = await startHumanWorld({
      rest: { pricingShape: 'changelog', outboundPerMinMinor: 250 },
      settings: { inboundPerMinKesCents: 10 },
    });
    const w = world;
    const view = await settingsOnceSautikitRate(w, 'outboundPerMinKesCents');
    expect(view.ratesInUse?.outboundPerMinKesCents).toMatchObject({ kesCents: 250 });
    expect(view.ratesInUse?.inboundPerMinKesCents).toEqual({ kesCents: 10, source: 'setting' });
  });

  it('without an API key the estimate stays, labelled as one, and the AI still costs', async () => {
    const provider = new ScriptedProvider({ replyText: 'We open at eight.' });
    app = await startTestApp({}, { createProvider: () => provider });
    const call = await app.sim.placeCall();
    await call.connectMedia();
    void call.streamSilence(2000);
    await waitFor(() => provider.last, 3000, 'the AI session');
    const usage: CallEvent[] = [];
    app.core.registry.events.on('event', (e) => {
      if (e.kind === 'usage') usage.push(e);
    });
    provider.last!.events.emit('usage', { inputTokens: 1200, outputTokens: 300 });
    // The call has the usage (its cost meter counts it) before the caller hangs up.
    await waitFor(() => usage.length > 0, 3000, 'the usage on the call');
    await call.hangUp();
    const console = new TestConsole(app);
    const detail = await console.endedCall(call.callSid, 10_000);
    expect(detail.call.costByComponent.ai).toBeGreaterThan(0);
    const summaries = detail.timeline.map((i) => i.summary);
    expect(summaries).toContain('Call cost (Sautikit): KES 0.00 (estimate)');
    expect(summaries.some((s) => /billed/.test(s))).toBe(false);
  });

  it('a carrier <Dial> nobody was seen to answer costs nothing; the caller’s record costs the call', async () => {
    world = await startHumanWorld({ rest: { inboundPerMinMinor: 50 }, settings: { dialTimeoutS: 5 } });
    const w = world;
    await w.addAgent('Wanjiru', A);
    w.rest.phones.noAnswer(A);
    const { sim, carrier } = await w.call();
    // The stream never connects (twice): the carrier route dials the agent itself.
    await w.rest.pbx.streamConnectFailed(sim.callSid);
    await w.rest.pbx.streamConnectFailed(sim.callSid);
    await w.waitEvent(sim.callSid, (e) => e.kind === 'dial.attempt', 'the carrier dials the agent');
    await waitFor(() => carrier.trace.some((t) => t.startsWith('record')) || undefined, 10_000, 'voicemail');
    await w.rest.pbx.hangUp(carrier.id, 'caller hung up');
    await w.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'the end');
    const correction = (await w.waitEvent(
      sim.callSid,
      isCost('carrier-inbound', 'billed'),
      'the bill',
      15_000,
    )) as CallEventOf<'cost'>;
    expect(correction.billedKesCents).toBe(w.rest.cdr(carrier).cost_minor);
    expect(w.eventsOf(sim.callSid, 'agent.connected')).toEqual([]);
    expect(
      w.eventsOf(sim.callSid, 'cost').filter((e) => e.kind === 'cost' && e.component !== 'carrier-inbound'),
    ).toEqual([]);
  });
});
