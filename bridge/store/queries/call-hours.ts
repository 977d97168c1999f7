// The daily aggregate, kept by the hour the calls started (UTC hours, so any whole-hour time zone maps
// them onto its own days): calls, AI-resolved calls, cost, escalations by reason and a reply-latency
// histogram. An hour's row is always recomputed whole from its calls, never adjusted by deltas, so it
// cannot drift from the calls it sums: a deletion or prune recomputes its hours in its own transaction;
// the writer's batches mark their hours stale, recomputed at most once a second (markHoursStale).
import { LatencyHistogram } from '../latency-histogram';
import { sql, type Query } from '../sql';
import type { Statements } from '../statements';

export const HOUR_MS = 3_600_000;

/** The UTC hour (hours since the epoch) a call that started at `startedAtMs` is counted in. */
export function hourOf(startedAtMs: number): number {
  return Math.floor(startedAtMs / HOUR_MS);
}

interface HourTotals {
  calls: number;
  aiResolved: number;
  cost: number;
}

/** What an hour's row sums. */
export interface HourAggregate extends HourTotals {
  readonly escalations: Record<string, number>;
  readonly latencies: LatencyHistogram;
}

/** "Resolved by the AI": ended 'ai-resolved' and never escalated (daily-stats.ts says why). */
const AI_RESOLVED = sql`c.outcome = 'ai-resolved' AND c.escalation_reason IS NULL`;

/** One hour summed from its calls as they are now (only reads: the reader uses it for stale hours). */
export function computeHour(st: Statements, hour: number): HourAggregate {
  const fromMs = hour * HOUR_MS;
  const toMs = fromMs + HOUR_MS;
  const totals = st.get<HourTotals>(sql`
    SELECT COUNT(*) AS calls, TOTAL(${AI_RESOLVED}) AS aiResolved, TOTAL(c.cost_kes_cents) AS cost
    FROM calls c WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs}`)!;
  const escalations: Record<string, number> = {};
  const latencies = new LatencyHistogram();
  if (totals.calls === 0) return { ...totals, escalations, latencies };
  for (const r of st.all<{ reason: string; n: number }>(sql`
    SELECT c.escalation_reason AS reason, COUNT(*) AS n FROM calls c
    WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs} AND c.escalation_reason IS NOT NULL
    GROUP BY reason`))
    escalations[r.reason] = r.n;
  for (const r of st.iterate<{ ms: number }>(sql`
    SELECT t.latency_ms AS ms FROM calls c JOIN turns t ON t.call_id = c.call_id
    WHERE c.started_at >= ${fromMs} AND c.started_at < ${toMs} AND t.latency_ms IS NOT NULL`))
    latencies.add(r.ms);
  return { ...totals, escalations, latencies };
}

function writeHour(st: Statements, hour: number, h: HourAggregate): void {
  st.run(sql`
    INSERT INTO call_hours (hour, calls, ai_resolved, cost_kes_cents, escalations, latencies)
    VALUES (${hour}, ${h.calls}, ${h.aiResolved}, ${h.cost}, ${JSON.stringify(h.escalations)},
      ${h.latencies.count > 0 ? h.latencies.encode() : null})
    ON CONFLICT (hour) DO UPDATE SET
      calls = excluded.calls, ai_resolved = excluded.ai_resolved, cost_kes_cents = excluded.cost_kes_cents,
      escalations = excluded.escalations, latencies = excluded.latencies`);
}

/** Recomputes these hours from their calls now (an hour without calls loses its row); they are not stale after. */
export function refreshCallHours(st: Statements, hours: Iterable<number>): void {
  for (const hour of hours) {
    const h = computeHour(st, hour);
    if (h.calls === 0) st.run(sql`DELETE FROM call_hours WHERE hour = ${hour}`);
    else writeHour(st, hour, h);
    st.run(sql`DELETE FROM call_hours_stale WHERE hour = ${hour}`);
  }
}

/**
 * Notes hours whose calls changed, in the transaction that changed them. Recomputing an hour reads all
 * its calls, so the writer does it for the stale hours at most once a second (refreshStaleHours), not on
 * every batch; until then the reader sums a stale hour from its calls itself. Nothing is ever off.
 */
export function markHoursStale(st: Statements, hours: Iterable<number>): void {
  for (const hour of hours)
    st.run(sql`INSERT INTO call_hours_stale (hour) VALUES (${hour}) ON CONFLICT DO NOTHING`);
}

/** Recomputes every stale hour; returns how many. */
export function refreshStaleHours(st: Statements): number {
  const hours = st.all<{ hour: number }>(sql`SELECT hour FROM call_hours_stale`).map((r) => r.hour);
  refreshCallHours(st, hours);
  return hours.length;
}

/**
 * The hours of the calls a deletion is about to remove (`where` over calls c): refresh them after it.
 * started_at is an INTEGER column and 3600000 a literal (a bound number would be a REAL): whole hours.
 */
export function hoursOf(st: Statements, where: Query): number[] {
  return st
    .all<{ hour: number }>(sql`SELECT DISTINCT c.started_at / 3600000 AS hour FROM calls c WHERE ${where}`)
    .map((r) => r.hour);
}

/** Rebuilds every hour from the whole log in one pass (the migration that adds the table). */
export function rebuildCallHours(st: Statements): number {
  st.run(sql`DELETE FROM call_hours`);
  st.run(sql`DELETE FROM call_hours_stale`);
  // Whole hours: see hoursOf.
  const totals = st.all<HourTotals & { hour: number }>(sql`
    SELECT c.started_at / 3600000 AS hour, COUNT(*) AS calls, TOTAL(${AI_RESOLVED}) AS aiResolved,
      TOTAL(c.cost_kes_cents) AS cost
    FROM calls c GROUP BY hour`);
  const escalations = new Map<number, Record<string, number>>();
  for (const r of st.all<{ hour: number; reason: string; n: number }>(sql`
    SELECT c.started_at / 3600000 AS hour, c.escalation_reason AS reason, COUNT(*) AS n FROM calls c
    WHERE c.escalation_reason IS NOT NULL GROUP BY hour, reason`)) {
    const byReason = escalations.get(r.hour) ?? {};
    byReason[r.reason] = r.n;
    escalations.set(r.hour, byReason);
  }
  const latencies = new Map<number, LatencyHistogram>();
  for (const r of st.iterate<{ hour: number; ms: number }>(sql`
    SELECT c.started_at / 3600000 AS hour, t.latency_ms AS ms
    FROM calls c JOIN turns t ON t.call_id = c.call_id WHERE t.latency_ms IS NOT NULL`)) {
    let h = latencies.get(r.hour);
    if (!h) latencies.set(r.hour, (h = new LatencyHistogram()));
    h.add(r.ms);
  }
  for (const t of totals) {
    writeHour(st, t.hour, {
      ...t,
      escalations: escalations.get(t.hour) ?? {},
      latencies: latencies.get(t.hour) ?? new LatencyHistogram(),
    });
  }
  return totals.length;
}
