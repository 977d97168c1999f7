import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyStats } from '../../../../bridge/store/queries/daily-stats';
import { aiResolvedCall, CallScript, escalatedCall } from '../call-script';
import { seedCalls, SEED_T0, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 60);
});
afterAll(() => t.close());

const NAIROBI_MIN = 180;
const dayOf = (ms: number) => new Date(ms + NAIROBI_MIN * 60_000).toISOString().slice(0, 10);
const nearest = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

describe('dailyStats', () => {
  it('summarises each Nairobi day: calls, AI-resolved share, escalations by reason, p50/p95, cost', () => {
    const last = seeded.at(-1)!.startedAt;
    const stats = dailyStats(t.st, { days: 5, nowMs: last, utcOffsetMin: NAIROBI_MIN });
    expect(stats).toHaveLength(5);
    expect(stats.map((d) => d.day)).toEqual([...stats.map((d) => d.day)].sort());
    expect(stats.at(-1)!.day).toBe(dayOf(last));
    for (const day of stats) {
      const calls = seeded.filter((c) => dayOf(c.startedAt) === day.day);
      const reasons: Record<string, number> = {};
      for (const c of calls)
        if (c.escalationReason) reasons[c.escalationReason] = (reasons[c.escalationReason] ?? 0) + 1;
      const latencies = calls.flatMap((c) => c.latenciesMs);
      expect(day).toEqual({
        day: day.day,
        calls: calls.length,
        aiResolvedShare: calls.length
          ? calls.filter((c) => c.outcome === 'ai-resolved' && !c.escalationReason).length / calls.length
          : 0,
        escalationsByReason: reasons,
        p50LatencyMs: nearest(latencies, 50),
        p95LatencyMs: nearest(latencies, 95),
        costKesCents: calls.reduce((sum, c) => sum + c.costKesCents, 0),
      });
    }
    expect(stats.reduce((n, d) => n + d.calls, 0)).toBe(
      seeded.filter((c) => c.startedAt >= Date.parse(`${stats[0]!.day}T00:00:00+03:00`)).length,
    );
  });

  it('puts a call at 22:30 UTC on the next Nairobi day, and counts days without calls as zero', () => {
    const late = Date.UTC(2026, 5, 10, 22, 30);
    t.record(new CallScript('late', late).started().ended('abandoned').events);
    const stats = dailyStats(t.st, { days: 3, nowMs: Date.UTC(2026, 5, 12, 12), utcOffsetMin: NAIROBI_MIN });
    expect(stats.map((d) => [d.day, d.calls])).toEqual([
      ['2026-06-10', 0],
      ['2026-06-11', 1],
      ['2026-06-12', 0],
    ]);
    expect(stats[1]).toMatchObject({ aiResolvedShare: 0, p50LatencyMs: undefined, escalationsByReason: {} });
    expect(SEED_T0).toBeLessThan(late);
  });

  it('never reads 100% resolved by the AI beside escalations: live and escalated calls are not AI-resolved', () => {
    const day = openTestDb();
    try {
      const at = Date.UTC(2026, 6, 1, 7); // 10:00 in Nairobi
      day.record(aiResolvedCall('ok-1', at).events);
      // Two escalated callers still waiting for a person (no end yet), and one escalated call that
      // still ended 'ai-resolved' (the caller hung up while the AI was saying the hand-off line).
      day.record(new CallScript('wait-1', at + 60_000).started().stream().escalate('caller-asked').events);
      day.record(new CallScript('wait-2', at + 120_000).started().stream().escalate('ai-failure').events);
      const hungUp = new CallScript('gone-1', at + 180_000).started().stream();
      day.record(hungUp.escalate('negative-sentiment').ended('ai-resolved').events);
      day.record(escalatedCall('person-1', at + 240_000).events);

      const [today] = dailyStats(day.st, { days: 1, nowMs: at + 300_000, utcOffsetMin: NAIROBI_MIN });
      const escalations = Object.values(today!.escalationsByReason).reduce((a, b) => a + b, 0);
      expect(today).toMatchObject({ day: '2026-07-01', calls: 5 });
      expect(escalations).toBe(4);
      // One call of five was resolved by the AI alone, whatever is still live.
      expect(today!.aiResolvedShare).toBeCloseTo(1 / 5);
      expect(today!.aiResolvedShare * today!.calls + escalations).toBeLessThanOrEqual(today!.calls);
    } finally {
      day.close();
    }
  });
});
