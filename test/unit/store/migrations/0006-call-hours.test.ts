import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dailyStats } from '../../../../bridge/store/queries/daily-stats';
import { dailySummaries } from '../../../../bridge/store/queries/daily-summary';
import { Statements } from '../../../../bridge/store/statements';
import { dbAtVersion, migrateTo } from './migration-db';

describe('migration 0006: the hourly aggregate behind daily stats', () => {
  it('fills the aggregate from the calls already logged, which then answers as the calls do', () => {
    const db = dbAtVersion(5);
    const callsBefore = db.prepare('SELECT * FROM calls ORDER BY call_id').all();
    migrateTo(db, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT * FROM calls ORDER BY call_id').all()).toEqual(callsBefore);
    // The populated calls started at 1 s and 3 s after the epoch: one hour, two calls, one latency.
    const rows = db
      .prepare('SELECT hour, calls, ai_resolved, cost_kes_cents, escalations FROM call_hours')
      .all();
    expect(rows).toEqual([{ hour: 0, calls: 2, ai_resolved: 1, cost_kes_cents: 30, escalations: '{}' }]);
    const st = new Statements(db);
    const args = { days: 1, nowMs: 5000, utcOffsetMin: 0 };
    const [day] = dailySummaries(st, args);
    const [exact] = dailyStats(st, args);
    // Latency percentiles from the aggregate are within 1 % (latency-histogram.ts); the rest is exact.
    expect(day).toEqual({
      ...exact,
      p50LatencyMs: expect.closeTo(500, -1),
      p95LatencyMs: expect.closeTo(500, -1),
    });
    expect(Math.abs(day!.p50LatencyMs! - exact!.p50LatencyMs!)).toBeLessThanOrEqual(5);
    db.close();
  });
});
