// Forgetting: every call of one caller (a data-protection request) and calls older than the
// retention period. Lines, timeline and search index go with their calls (cascade and triggers).
import { SautiError } from '../../errors';
import { typedCallerKey } from '../caller-key';
import { sql } from '../sql';
import type { Statements } from '../statements';

/**
 * Deletes every call from this number. Only a whole number is accepted: a fragment such as "0712"
 * would match other people. Call in a transaction with `secure_delete` on.
 */
export function deleteCallerCalls(st: Statements, number: string): number {
  const key = typedCallerKey(number);
  if (!key) {
    throw new SautiError(
      'STORE_BAD_NUMBER',
      `"${number.slice(0, 24)}" is not a whole phone number: type the caller's full number`,
    );
  }
  return st.run(sql`DELETE FROM calls WHERE caller_key = ${key}`).changes;
}

/**
 * Deletes up to `maxCalls` ended calls that started before `startedBefore`, oldest first; called in a
 * loop of small transactions so call events keep flowing between them.
 */
export function pruneCalls(
  st: Statements,
  startedBefore: number,
  maxCalls: number,
): { deletedCalls: number; more: boolean } {
  const deleted = st.run(sql`
    DELETE FROM calls WHERE call_id IN (
      SELECT call_id FROM calls WHERE started_at < ${startedBefore} AND ended_at IS NOT NULL
      ORDER BY started_at LIMIT ${maxCalls})`).changes;
  return { deletedCalls: deleted, more: deleted === maxCalls };
}
