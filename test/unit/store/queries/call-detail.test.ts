import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callDetail } from '../../../../bridge/store/queries/call-detail';
import { p50, seedCalls, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 6);
});
afterAll(() => t.close());

describe('callDetail', () => {
  it('returns the call with cost by component, its lines in order with latencies, and its timeline', () => {
    const s = seeded[3]!;
    const d = callDetail(t.st, s.callId);
    expect(d.call).toMatchObject({
      callId: s.callId,
      from: s.from,
      outcome: 'agent-handled',
      escalationReason: s.escalationReason,
      model: 'gemini-live',
      p50LatencyMs: p50(s.latenciesMs),
      costByComponent: { 'carrier-inbound': s.costKesCents, 'carrier-outbound': 0, ai: 0 },
    });
    expect(d.call.answeredAt).toBe(s.startedAt + 100);
    expect(d.turns.map((l) => [l.turnId, l.speaker, l.latencyMs])).toEqual([
      [1, 'agent', s.latenciesMs[0]],
      [2, 'caller', undefined],
      [3, 'agent', s.latenciesMs[1]],
    ]);
    expect(d.turns.every((l) => l.final)).toBe(true);
    expect(d.timeline.map((i) => i.kind)).toEqual([
      'call.started',
      'stream.started',
      'escalation',
      'redirect',
      'dial.attempt',
      'dial.result',
      'agent.connected',
      'cost',
      'call.ended',
    ]);
    const ats = d.timeline.map((i) => i.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
  });

  it('says so when the call is not in the log', () => {
    expect(() => callDetail(t.st, 'nope')).toThrow(expect.objectContaining({ code: 'STORE_CALL_NOT_FOUND' }));
  });
});
