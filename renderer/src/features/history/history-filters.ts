// The history filter form as people fill it in (dates as yyyy-mm-dd, numbers as text) and its
// translation into the console's HistoryFilters; search snippets with [[matches]] as segments.
import type { HistoryFilters } from '../../api/contract';

export interface FilterForm {
  readonly fromDate: string;
  readonly toDate: string;
  readonly outcome: string;
  readonly escalationReason: string;
  readonly agentId: string;
  readonly caller: string;
  readonly minLatencyMs: string;
}

export const EMPTY_FILTERS: FilterForm = {
  fromDate: '',
  toDate: '',
  outcome: '',
  escalationReason: '',
  agentId: '',
  caller: '',
  minLatencyMs: '',
};

const DAY_MS = 86_400_000;

/** Local midnight of a yyyy-mm-dd date, or undefined when empty or invalid. */
function localDayStart(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(t) ? t : undefined;
}

export function toHistoryFilters(form: FilterForm): HistoryFilters {
  const from = localDayStart(form.fromDate);
  const toStart = localDayStart(form.toDate);
  const minLatency = form.minLatencyMs.trim() === '' ? undefined : Number(form.minLatencyMs);
  const filters: Record<string, string | number> = {};
  if (from !== undefined) filters.from = from;
  // "To" is inclusive of the whole day.
  if (toStart !== undefined) filters.to = toStart + DAY_MS - 1;
  if (form.outcome) filters.outcome = form.outcome;
  if (form.escalationReason) filters.escalationReason = form.escalationReason;
  if (form.agentId) filters.agentId = form.agentId;
  if (form.caller.trim()) filters.caller = form.caller.trim();
  if (minLatency !== undefined && Number.isFinite(minLatency) && minLatency >= 0)
    filters.minLatencyMs = minLatency;
  return filters as HistoryFilters;
}

export function activeFilterCount(form: FilterForm): number {
  return Object.keys(toHistoryFilters(form)).length;
}

export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

export function snippetParts(snippet: string): readonly SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = /\[\[(.*?)\]\]/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}
