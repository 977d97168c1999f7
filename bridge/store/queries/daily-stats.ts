// Daily summaries for the last N days (in the team's time zone, as a fixed UTC offset): calls,
// the share the AI resolved, escalations by reason, p50/p95 reply latency over all turns, cost.
// Read from the calls and turns themselves, exact: the dashboard reads the hourly aggregate instead
// (daily-summary.ts), which falls back to this for a time zone that is not a whole number of hours.
// "Resolved by the AI" is the share of ALL the day's calls that ended 'ai-resolved' and were never
// escalated: a call still live, or one that was escalated (whatever its outcome), is not resolved by
// the AI, so the share can never read 100% beside an escalation of the same day.
import type { DailySummary } from '../../api/contract';
import { percentileOfSorted } from '../percentile';
import { sql } from '../sql';
import type { Statements } from '../statements';

export const DAY_MS = 86_400_000;

export interface DailyArgs {
  readonly days: number;
  readonly nowMs: number;
  /** Minutes east of UTC (Nairobi: 180). */
  readonly utcOffsetMin: number;
}

export function dayLabel(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** The days asked for (day numbers in the local time of the offset) and the epoch range they cover. */
export function dayRange(args: DailyArgs): {
  offsetMs: number;
  firstDay: number;
  lastDay: number;
  fromMs: number;
  toMs: number;
} {
  const offsetMs = Math.round(args.utcOffsetMin) * 60_000;
  const days = Math.max(1, Math.trunc(args.days));
  const lastDay = Math.floor((args.nowMs + offsetMs) / DAY_MS);
  const firstDay = lastDay - days + 1;
  return {
    offsetMs,
    firstDay,
    lastDay,
    fromMs: firstDay * DAY_MS - offsetMs,
    toMs: (lastDay + 1) * DAY_MS - offsetMs,
  };
}

/** Oldest day first, one entry per day in the range, days without calls included. */
export function dailyStats(st: Statements, args: DailyArgs): DailySummary[] {
  const { offsetMs, firstDay, lastDay, fromMs, toMs } = dayRange(args);
  // Bound numbers are REALs in SQLite: cast, or the division would not give whole days.
  const dayOf = sql`CAST((c.started_at + ${offsetMs}) / ${DAY_MS} AS INTEGER)`;

  const totals = st.all<{ day: number; calls: number; aiResolved: number; cost: number }>(sql`
    SELECT ${dayOf} AS day, COUNT(*) AS calls,
      TOTAL(c.outcome = 'ai-resolved' AND c.escalation_reason IS NULL) AS aiResolved,
      TOTAL(c.cost_kes_cents) AS cost
    FROM calls c WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs}
    GROUP BY day`);
  const escalations = st.all<{ day: number; reason: string; n: number }>(sql`
    SELECT ${dayOf} AS day, c.escalation_reason AS reason, COUNT(*) AS n
    FROM calls c WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs} AND c.escalation_reason IS NOT NULL
    GROUP BY day, reason`);
  const latencies = st.all<{ day: number; ms: number }>(sql`
    SELECT ${dayOf} AS day, t.latency_ms AS ms
    FROM calls c JOIN turns t ON t.call_id = c.call_id
    WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs} AND t.latency_ms IS NOT NULL`);

  const latencyByDay = new Map<number, number[]>();
  for (const r of latencies) {
    let list = latencyByDay.get(r.day);
    if (!list) latencyByDay.set(r.day, (list = []));
    list.push(r.ms);
  }
  const out: DailySummary[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const total = totals.find((t) => t.day === day);
    const escalationsByReason: Record<string, number> = {};
    for (const e of escalations) if (e.day === day) escalationsByReason[e.reason] = e.n;
    const sorted = (latencyByDay.get(day) ?? []).sort((a, b) => a - b);
    out.push({
      day: dayLabel(day),
      calls: total?.calls ?? 0,
      aiResolvedShare: total && total.calls > 0 ? total.aiResolved / total.calls : 0,
      escalationsByReason,
      p50LatencyMs: percentileOfSorted(sorted, 50),
      p95LatencyMs: percentileOfSorted(sorted, 95),
      costKesCents: total?.cost ?? 0,
    });
  }
  return out;
}
