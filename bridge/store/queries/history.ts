// The history list: filters (date range, outcome, escalation reason, agent, caller number, minimum
// p50 reply latency), newest first, with keyset pagination on (started_at, call_id) so page 500 costs
// what page 1 does.
import type { HistoryFilters, HistoryPage } from '../../api/contract';
import { SautiError } from '../../base/errors';
import { typedCallerKey } from '../caller-key';
import { escapeLike, sql, sqlJoin, type Query } from '../sql';
import type { Statements } from '../statements';
import { HISTORY_COLUMNS, toHistoryRow, type CallRecord } from './history-row';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

interface Cursor {
  readonly startedAt: number;
  readonly callId: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAt, cursor.callId])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { startedAt: value[0] as number, callId: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new SautiError(
    'STORE_BAD_CURSOR',
    'That page of history is no longer valid: start from the first page',
  );
}

/** The WHERE conditions for a set of filters (shared with export and stats). */
export function filterConditions(filters: HistoryFilters = {}): Query[] {
  const where: Query[] = [];
  if (filters.from !== undefined) where.push(sql`c.started_at >= ${filters.from}`);
  if (filters.to !== undefined) where.push(sql`c.started_at < ${filters.to}`);
  if (filters.outcome) where.push(sql`c.outcome = ${filters.outcome}`);
  if (filters.escalationReason) where.push(sql`c.escalation_reason = ${filters.escalationReason}`);
  if (filters.agentId) where.push(sql`c.agent_id = ${filters.agentId}`);
  if (filters.caller && filters.caller.trim() !== '') {
    const key = typedCallerKey(filters.caller);
    if (key) where.push(sql`c.caller_key = ${key}`);
    else {
      // Part of a number: match the digits anywhere in the number as received; a national "07…"
      // fragment also matches the same digits after Kenya's +254.
      const digits = filters.caller.replace(/[^\d+]/g, '') || filters.caller.trim();
      const forms = [digits];
      if (/^0\d/.test(digits)) forms.push(`254${digits.slice(1)}`);
      where.push(
        sql`(${sqlJoin(
          forms.map((f) => sql`c.from_number LIKE ${`%${escapeLike(f)}%`} ESCAPE '\\'`),
          sql` OR `,
        )})`,
      );
    }
  }
  if (filters.minLatencyMs !== undefined) where.push(sql`c.p50_latency_ms >= ${filters.minLatencyMs}`);
  return where;
}

export function whereClause(conditions: readonly Query[]): Query {
  return conditions.length === 0 ? sql`1` : sqlJoin(conditions, sql` AND `);
}

export function listHistory(
  st: Statements,
  args: { filters?: HistoryFilters; cursor?: string; limit?: number },
): HistoryPage {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(args.limit ?? DEFAULT_PAGE_SIZE)));
  const where = filterConditions(args.filters);
  if (args.cursor !== undefined) {
    const after = decodeCursor(args.cursor);
    where.push(sql`(c.started_at, c.call_id) < (${after.startedAt}, ${after.callId})`);
  }
  const rows = st.all<CallRecord>(sql`
    SELECT ${HISTORY_COLUMNS} FROM calls c
    WHERE ${whereClause(where)}
    ORDER BY c.started_at DESC, c.call_id DESC
    LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(toHistoryRow),
    next:
      rows.length > limit && last
        ? encodeCursor({ startedAt: last.startedAt, callId: last.callId })
        : undefined,
  };
}
