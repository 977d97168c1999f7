// The dashboard's daily summaries from the hourly aggregate (call-hours.ts): any range is answered from
// at most 24 rows a day instead of every call and turn (bench/store.ts: 180 days over 100k calls). An
// hour marked stale (its calls changed within the last second) is summed from its calls here instead.
// Calls, the AI-resolved share, escalations and cost are exact. p50/p95 reply latency are APPROXIMATE:
// within 1 % of the exact nearest-rank value (latency-histogram.ts). A time zone that is not a whole
// number of hours from UTC cannot be cut from UTC hours: its days are read from the calls (exact, slower).
import type { DailySummary } from '../../api/contract';
import { LatencyHistogram } from '../latency-histogram';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { computeHour, HOUR_MS, type HourAggregate } from './call-hours';
import { dailyStats, DAY_MS, dayLabel, dayRange, type DailyArgs } from './daily-stats';

interface HourRow {
  hour: number;
  calls: number;
  aiResolved: number;
  cost: number;
  escalations: string;
  latencies: Buffer | null;
}

interface Day {
  calls: number;
  aiResolved: number;
  cost: number;
  escalations: Record<string, number>;
  latencies: LatencyHistogram;
}

/** Oldest day first, one entry per day in the range, days without calls included. */
export function dailySummaries(st: Statements, args: DailyArgs): DailySummary[] {
  const { offsetMs, firstDay, lastDay, fromMs, toMs } = dayRange(args);
  if (offsetMs % HOUR_MS !== 0) return dailyStats(st, args);
  const fromHour = fromMs / HOUR_MS;
  const toHour = toMs / HOUR_MS;
  const days = new Map<number, Day>();
  const dayOf = (hour: number): Day => {
    const index = Math.floor((hour * HOUR_MS + offsetMs) / DAY_MS);
    let day = days.get(index);
    if (!day) {
      day = { calls: 0, aiResolved: 0, cost: 0, escalations: {}, latencies: new LatencyHistogram() };
      days.set(index, day);
    }
    return day;
  };
  const addEscalations = (day: Day, escalations: Readonly<Record<string, number>>) => {
    for (const [reason, n] of Object.entries(escalations)) {
      day.escalations[reason] = (day.escalations[reason] ?? 0) + n;
    }
  };
  const stale = new Set(
    st
      .all<{ hour: number }>(
        sql`SELECT hour FROM call_hours_stale WHERE hour >= ${fromHour} AND hour < ${toHour}`,
      )
      .map((r) => r.hour),
  );
  for (const r of st.iterate<HourRow>(sql`
    SELECT hour, calls, ai_resolved AS aiResolved, cost_kes_cents AS cost, escalations, latencies
    FROM call_hours WHERE hour >= ${fromHour} AND hour < ${toHour}`)) {
    if (stale.has(r.hour)) continue;
    const day = dayOf(r.hour);
    day.calls += r.calls;
    day.aiResolved += r.aiResolved;
    day.cost += r.cost;
    if (r.escalations !== '{}') addEscalations(day, JSON.parse(r.escalations) as Record<string, number>);
    if (r.latencies) day.latencies.addEncoded(r.latencies);
  }
  for (const hour of stale) {
    const h: HourAggregate = computeHour(st, hour);
    if (h.calls === 0) continue;
    const day = dayOf(hour);
    day.calls += h.calls;
    day.aiResolved += h.aiResolved;
    day.cost += h.cost;
    addEscalations(day, h.escalations);
    day.latencies.addEncoded(h.latencies.encode());
  }
  const out: DailySummary[] = [];
  for (let index = firstDay; index <= lastDay; index++) {
    const day = days.get(index);
    out.push({
      day: dayLabel(index),
      calls: day?.calls ?? 0,
      aiResolvedShare: day && day.calls > 0 ? day.aiResolved / day.calls : 0,
      escalationsByReason: day?.escalations ?? {},
      p50LatencyMs: day?.latencies.percentile(50),
      p95LatencyMs: day?.latencies.percentile(95),
      costKesCents: day?.cost ?? 0,
    });
  }
  return out;
}
