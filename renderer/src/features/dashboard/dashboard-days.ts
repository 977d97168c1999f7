// The dashboard's arithmetic: today's summary out of the daily list (a missing day counts as zero),
// the last N days in order with gaps filled, and escalations summed by reason.
import type { DailySummary } from '../../api/contract';

export function localDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function emptyDay(day: string): DailySummary {
  return { day, calls: 0, aiResolvedShare: 0, escalationsByReason: {}, costKesCents: 0 };
}

/** The last `count` days ending today, oldest first, each from the list or empty. */
export function lastDays(list: readonly DailySummary[], nowMs: number, count: number): DailySummary[] {
  const byDay = new Map(list.map((d) => [d.day, d]));
  const out: DailySummary[] = [];
  const today = new Date(nowMs);
  for (let i = count - 1; i >= 0; i--) {
    const day = localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i).getTime());
    out.push(byDay.get(day) ?? emptyDay(day));
  }
  return out;
}

export function escalationTotals(days: readonly DailySummary[]): { label: string; value: number }[] {
  const totals = new Map<string, number>();
  for (const d of days)
    for (const [reason, n] of Object.entries(d.escalationsByReason))
      totals.set(reason, (totals.get(reason) ?? 0) + n);
  return [...totals]
    .map(([label, value]) => ({ label, value }))
    .filter((e) => e.value > 0)
    .sort((a, b) => b.value - a.value);
}

/** "12 Jun" from "2025-06-12". */
export function shortDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
  });
}
