import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dailyStats } from '../../../../bridge/store/queries/daily-stats';
import { Statements } from '../../../../bridge/store/statements';
import { dbAtVersion, migrateTo } from './migration-db';

const STATS_READ = `
  SELECT t.latency_ms FROM calls c JOIN turns t ON t.call_id = c.call_id
  WHERE c.started_at >= 0 AND c.started_at < 10000 AND t.latency_ms IS NOT NULL`;

describe('migration 0005: turn latency index', () => {
  it('lets the daily stats read latencies from an index, with the same figures as before', () => {
    const db = dbAtVersion(4);
    const plan = () =>
      (db.prepare(`EXPLAIN QUERY PLAN ${STATS_READ}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    const args = { days: 1, nowMs: 5000, utcOffsetMin: 0 };
    const before = dailyStats(new Statements(db), args);
    expect(plan()).not.toMatch(/turns_latency/);
    migrateTo(db, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(plan()).toMatch(/COVERING INDEX turns_latency/);
    expect(dailyStats(new Statements(db), args)).toEqual(before);
    expect(before[0]).toMatchObject({ calls: 2, p50LatencyMs: 500 });
    db.close();
  });
});
