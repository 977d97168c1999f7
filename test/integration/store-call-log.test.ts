// The call log with the real core over real sockets: a simulated call's events land as one complete
// record (transcript, timeline, metrics, cost), and the console's history commands find it.
import { afterEach, describe, expect, it } from 'vitest';
import { speech } from '../fakes/fake-voice';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { startTestApp, type TestApp } from '../harness/app';
import { startHumanWorld, type HumanWorld } from '../harness/human-world';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

const ANSWER = 'We open at eight on Saturdays.';
const CALLER = '+254711222333';

let app: TestApp | undefined;
let world: HumanWorld | undefined;
afterEach(async () => {
  await app?.stop();
  await world?.stop();
  app = undefined;
  world = undefined;
});

describe('call log with the real core', () => {
  it('a simulated AI call lands as a complete record that history, search, stats and export find', async () => {
    const greeting = speech('agent-greeting-24k.wav');
    const provider = new ScriptedProvider({ voice: () => greeting, replyText: ANSWER, speedup: 3 });
    app = await startTestApp(
      { aiPerMinKesCents: 600, inboundPerMinKesCents: 60 },
      { createProvider: () => provider },
    );
    const console = new TestConsole(app);
    expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: true });

    const call = await app.sim.placeCall({ from: CALLER });
    await call.connectMedia();
    void call.streamSilence(1500);
    await waitFor(() => call.playout.firstAudibleAfter(0) >= 0, 5000, 'the greeting');
    await call.streamSilence(1500);
    await call.streamAudio(speech('caller-hours.wav'));
    const callerDoneAt = call.playout.nowMs();
    void call.streamSilence(4000);
    await waitFor(() => call.playout.firstAudibleAfter(callerDoneAt) >= 0, 8000, 'the answer');
    await waitFor(
      () =>
        app!.core.registry
          .get(call.callSid)
          ?.transcript.some((l) => l.speaker === 'agent' && l.final && l.text === ANSWER),
      8000,
      'the answer line',
    );
    await call.hangUp();

    const detail = await console.endedCall(call.callSid, 10_000);
    expect(detail.call).toMatchObject({
      callId: call.callSid,
      from: CALLER,
      outcome: 'ai-resolved',
      provider: provider.name,
    });
    expect(detail.call.answeredAt).toBeGreaterThanOrEqual(detail.call.startedAt);
    expect(detail.call.durationMs).toBeGreaterThan(0);
    // Cost by component, published by the cost meter just before the call ended.
    const { 'carrier-inbound': inbound, ai } = detail.call.costByComponent;
    expect(inbound).toBeGreaterThan(0);
    expect(ai).toBeGreaterThan(0);
    expect(detail.call.costKesCents).toBe(inbound! + ai! + detail.call.costByComponent['carrier-outbound']!);
    const lines = detail.turns.map((t) => [t.speaker, t.text]);
    expect(lines).toContainEqual(['caller', 'What time do you open on Saturday?']);
    expect(lines).toContainEqual(['agent', ANSWER]);
    // The greeting's and the reply's figures are on the agent lines; the log's p50 is from the replies.
    expect(
      detail.turns.some((t) => t.speaker === 'agent' && t.latencyMs !== undefined && t.latencyMs > 0),
    ).toBe(true);
    expect(detail.call.p50LatencyMs).toBeGreaterThan(0);
    expect(detail.timeline.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['call.started', 'stream.started', 'call.ended']),
    );
    // Exactly what the live call showed, minus partial lines.
    const liveFinals = app.core.registry.get(call.callSid)?.transcript.filter((l) => l.final) ?? [];
    for (const l of liveFinals) expect(lines).toContainEqual([l.speaker, l.text]);

    const page = await console.cmd('history.list', { filters: { caller: '0711 222 333' } });
    expect(page.rows.map((r) => r.callId)).toEqual([call.callSid]);
    expect((await console.cmd('history.list', { filters: { outcome: 'agent-handled' } })).rows).toEqual([]);

    const hits = await console.cmd('history.search', { query: 'saturday open' });
    expect(hits.map((h) => h.callId)).toContain(call.callSid);
    expect(hits.find((h) => h.speaker === 'caller')?.snippet).toBe(
      'What time do you [[open]] on [[Saturday]]?',
    );

    const [today] = (await console.cmd('stats.daily', { days: 1 })).slice(-1);
    expect(today).toMatchObject({ calls: 1, aiResolvedShare: 1 });

    const csv = await console.cmd('history.export', { callId: call.callSid, format: 'csv' });
    expect(csv.content).toContain('What time do you open on Saturday?');

    // The whole log for a team lead, through the console and the reader thread, in Nairobi time.
    const log = await console.cmd('history.export', { format: 'csv', timeZone: 'Africa/Nairobi' });
    expect(log.next).toBeUndefined();
    const [header, row] = log.content.split('\r\n');
    expect(header).toMatch(/^call_id,started,answered,ended,time_zone,from,to,outcome,/);
    expect(row).toMatch(
      new RegExp(`^${call.callSid},\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,.*,UTC\\+03:00,`),
    );
    await expect(
      console.cmd('history.export', { format: 'csv', timeZone: 'not a zone' }),
    ).rejects.toMatchObject({
      code: 'API_BAD_ARGS',
    });

    expect(await console.cmd('history.deleteCaller', { number: '0711222333' })).toEqual({ deletedCalls: 1 });
    expect((await console.cmd('history.list', {})).rows).toEqual([]);
    expect(await console.cmd('history.search', { query: 'saturday' })).toEqual([]);
  });

  it('a call the AI hands to a person lands with its escalation, agent, dial timeline and agent-leg cost', async () => {
    const provider = new ScriptedProvider();
    world = await startHumanWorld({ provider });
    const agentId = await world.addAgent('Wanjiru', '0711 000001');
    const phone = world.rest.phones.answers('+254711000001');
    const { sim } = await world.call(CALLER);
    const session = await world.connectAi(sim, provider);
    session.requestHandoff('caller wants a refund', 'Refund for order 42');
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.connected', 'agent connected', 12_000);
    // The agent talks for half a minute on the carrier's (scaled) clock before hanging up: a leg that costs.
    const pbx = world.rest.pbx;
    const leg = [...pbx.calls.values()].find((c) => c.direction === 'outbound')!;
    await waitFor(
      () => leg.answeredAtMs !== undefined && pbx.simSeconds(leg.answeredAtMs, Date.now()) >= 30,
      5000,
      'half a minute with the agent',
    );
    phone.hangUp();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'agent.left', 'agent left');
    // The agent leg is estimated at once, then its cost is what Sautikit's record of it says (cost_minor).
    const legBill = await world.waitEvent(
      sim.callSid,
      (e) => e.kind === 'cost' && e.component === 'carrier-outbound' && e.basis === 'billed',
      'agent leg billed',
      8000,
    );
    expect(legBill).toMatchObject({
      detail: expect.stringContaining('Wanjiru’s phone leg') as unknown as string,
    });
    expect(world.rest.cdr(leg).cost_minor).toBeGreaterThan(0);
    const legCosts = world
      .eventsOf(sim.callSid, 'cost')
      .filter((e) => e.kind === 'cost' && e.component === 'carrier-outbound')
      .reduce((n, e) => n + (e.kind === 'cost' ? e.kesCents : 0), 0);
    expect(legCosts).toBe(world.rest.cdr(leg).cost_minor);
    await sim.hangUp();
    await world.waitEvent(sim.callSid, (e) => e.kind === 'call.ended', 'call ended');

    const detail = await world.console.endedCall(sim.callSid, 10_000);
    expect(detail.call).toMatchObject({
      outcome: 'agent-handled',
      escalationReason: 'ai-requested',
      agentName: 'Wanjiru',
    });
    const kinds = detail.timeline.map((i) => i.kind);
    for (const k of ['escalation', 'dial.attempt', 'dial.result', 'agent.connected', 'call.ended']) {
      expect(kinds).toContain(k);
    }
    expect(kinds.indexOf('escalation')).toBeLessThan(kinds.indexOf('agent.connected'));
    // What the live events said about cost is what the log holds, component by component.
    const costs = world.eventsOf(sim.callSid, 'cost') as { component: string; kesCents: number }[];
    const sum = (c: string) => costs.filter((e) => e.component === c).reduce((n, e) => n + e.kesCents, 0);
    expect(detail.call.costByComponent).toEqual({
      'carrier-inbound': sum('carrier-inbound'),
      'carrier-outbound': sum('carrier-outbound'),
      ai: sum('ai'),
    });
    const byAgent = await world.console.cmd('history.list', {
      filters: { agentId, escalationReason: 'ai-requested' },
    });
    expect(byAgent.rows.map((r) => r.callId)).toEqual([sim.callSid]);
  });

  it('rejects bad history arguments at the edge and reports missing calls as data', async () => {
    app = await startTestApp();
    const console = new TestConsole(app);
    await expect(console.cmd('history.list', { limit: 0 })).rejects.toMatchObject({ code: 'API_BAD_ARGS' });
    await expect(console.cmd('history.detail', { callId: 'nope' })).rejects.toMatchObject({
      code: 'STORE_CALL_NOT_FOUND',
    });
    await expect(console.cmd('history.deleteCaller', { number: '0711' })).rejects.toMatchObject({
      code: 'STORE_BAD_NUMBER',
    });
    await expect(console.cmd('history.list', { cursor: 'x' })).rejects.toMatchObject({
      code: 'STORE_BAD_CURSOR',
    });
  });
});
