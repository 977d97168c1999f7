// The dashboard's daily summaries from the hourly aggregate: the same days, calls, shares, escalations
// and cost as reading every call (daily-stats.ts), latency percentiles within 1 %, for any range and
// whole-hour time zone; and the aggregate kept right by every write: new calls, late starts, deletions,
// retention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailySummary } from '../../../../bridge/api/contract';
import { rebuildCallHours, refreshStaleHours } from '../../../../bridge/store/queries/call-hours';
import { dailyStats } from '../../../../bridge/store/queries/daily-stats';
import { dailySummaries } from '../../../../bridge/store/queries/daily-summary';
import { deleteCallerCalls, pruneCalls } from '../../../../bridge/store/queries/delete-calls';
import { EventRecorder } from '../../../../bridge/store/queries/record-events';
import { RELATIVE_ACCURACY } from '../../../../bridge/store/latency-histogram';
import { aiResolvedCall, CallScript, escalatedCall } from '../call-script';
import { CALLERS, seedCalls, SEED_T0 } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
  seedCalls(t, 60);
});
afterEach(() => t.close());

const DAY_MS = 86_400_000;

/** The aggregate's answer against the exact one: equal but for the latency percentiles (within 1 %). */
function expectSameAsExact(args: { days: number; nowMs: number; utcOffsetMin: number }): DailySummary[] {
  const fast = dailySummaries(t.st, args);
  const exact = dailyStats(t.st, args);
  expect(fast.map(({ p50LatencyMs: _a, p95LatencyMs: _b, ...rest }) => rest)).toEqual(
    exact.map(({ p50LatencyMs: _a, p95LatencyMs: _b, ...rest }) => rest),
  );
  fast.forEach((day, i) => {
    for (const key of ['p50LatencyMs', 'p95LatencyMs'] as const) {
      const want = exact[i]![key];
      if (want === undefined) expect(day[key]).toBeUndefined();
      else expect(Math.abs(day[key]! - want)).toBeLessThanOrEqual(want * RELATIVE_ACCURACY);
    }
  });
  return fast;
}

/** The aggregate as kept by the writes, against one rebuilt from the calls. */
function expectAggregateUpToDate(): void {
  const kept = t.db.prepare('SELECT * FROM call_hours ORDER BY hour').all();
  t.db.exec('SAVEPOINT rebuild');
  rebuildCallHours(t.st);
  const rebuilt = t.db.prepare('SELECT * FROM call_hours ORDER BY hour').all();
  t.db.exec('ROLLBACK TO rebuild');
  t.db.exec('RELEASE rebuild');
  expect(kept).toEqual(rebuilt);
}

describe('dailySummaries', () => {
  it('answers like the calls themselves for Nairobi, UTC and a western time zone', () => {
    const nowMs = SEED_T0 + 60 * 3_600_000;
    for (const utcOffsetMin of [180, 0, -300]) {
      const days = expectSameAsExact({ days: 5, nowMs, utcOffsetMin });
      expect(days.reduce((n, d) => n + d.calls, 0)).toBeGreaterThan(0);
    }
    expectAggregateUpToDate();
  });

  it('answers a long range with its empty days, and a half-hour time zone from the calls', () => {
    expectSameAsExact({ days: 180, nowMs: SEED_T0 + 120 * DAY_MS, utcOffsetMin: 180 });
    // India (+5:30) cannot be cut from UTC hours: the exact path answers.
    expect(dailySummaries(t.st, { days: 4, nowMs: SEED_T0 + 3 * DAY_MS, utcOffsetMin: 330 })).toEqual(
      dailyStats(t.st, { days: 4, nowMs: SEED_T0 + 3 * DAY_MS, utcOffsetMin: 330 }),
    );
  });

  it('keeps the aggregate right when a call first logged by a later event gets its real start', () => {
    const late = new CallScript('LATE', SEED_T0 + 2 * DAY_MS + 5 * 3_600_000).started();
    const first = late.events.splice(0); // call.started is lost for now: the escalation arrives first
    late.escalate('caller-asked').cost('ai', 12);
    t.record(late.events);
    expectAggregateUpToDate();
    // Its call.started, 3 hours earlier, arrives later: the call moves to that hour.
    t.record(first.map((e) => ({ ...e, at: e.at - 3 * 3_600_000 })));
    expectAggregateUpToDate();
    expectSameAsExact({ days: 4, nowMs: SEED_T0 + 3 * DAY_MS, utcOffsetMin: 180 });
  });

  it('answers right while the writer has only marked hours stale (changed within the last second)', () => {
    const recorder = new EventRecorder(t.st);
    const at = SEED_T0 + 3 * DAY_MS;
    t.st.transaction(() => {
      for (const e of [...aiResolvedCall('NEW-1', at).events, ...escalatedCall('NEW-2', at + 60_000).events])
        recorder.apply(e);
      expect(recorder.markHours()).toBe(true);
    });
    const stale = () => t.db.prepare('SELECT hour FROM call_hours_stale').pluck().all();
    expect(stale()).toHaveLength(1);
    const [day] = expectSameAsExact({ days: 1, nowMs: at, utcOffsetMin: 180 });
    expect(day!.calls).toBe(2);
    t.st.transaction(() => refreshStaleHours(t.st));
    expect(stale()).toEqual([]);
    expectAggregateUpToDate();
    expectSameAsExact({ days: 1, nowMs: at, utcOffsetMin: 180 });
  });

  it('rebuilds the hours of deleted calls: a caller forgotten on request, calls pruned by retention', () => {
    t.st.transaction(() => deleteCallerCalls(t.st, CALLERS[1]));
    expectAggregateUpToDate();
    t.st.transaction(() => pruneCalls(t.st, SEED_T0 + 30 * 3_600_000, 7));
    expectAggregateUpToDate();
    const [day] = expectSameAsExact({ days: 1, nowMs: SEED_T0, utcOffsetMin: 180 });
    // 1 March in Nairobi had 15 of the hourly calls: 4 were that caller's, then the 7 oldest were pruned.
    expect(day!.calls).toBe(15 - 4 - 7);
  });
});
