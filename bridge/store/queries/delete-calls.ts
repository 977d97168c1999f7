// Forgetting: every call of one caller (a data-protection request) and calls older than the
// retention period. Lines, timeline and search index go with their calls (cascade and triggers); the
// hours they were counted in (call-hours.ts) are recomputed in the same transaction.
import { SautiError } from '../../base/errors';
import { typedCallerKey } from '../caller-key';
import { sql } from '../sql';
import type { Statements } from '../statements';
import { hoursOf, refreshCallHours } from './call-hours';
import { voicemailFilesOf } from './callbacks';

/**
 * Deletes every call from this number. Only a whole number is accepted: a fragment such as "0712"
 * would match other people. Call in a transaction with `secure_delete` on.
 */
export function deleteCallerCalls(
  st: Statements,
  number: string,
): { deleted: number; voicemailFiles: string[] } {
  const key = typedCallerKey(number);
  if (!key) {
    throw new SautiError(
      'STORE_BAD_NUMBER',
      `"${number.slice(0, 24)}" is not a whole phone number: type the caller's full number`,
    );
  }
  const hours = hoursOf(st, sql`c.caller_key = ${key}`);
  const voicemailFiles = voicemailFilesOf(st, sql`c.caller_key = ${key}`);
  const deleted = st.run(sql`DELETE FROM calls WHERE caller_key = ${key}`).changes;
  refreshCallHours(st, hours);
  return { deleted, voicemailFiles };
}

/**
 * Deletes up to `maxCalls` ended calls that started before `startedBefore`, oldest first; called in a
 * loop of small transactions so call events keep flowing between them.
 */
export function pruneCalls(
  st: Statements,
  startedBefore: number,
  maxCalls: number,
): { deletedCalls: number; more: boolean; voicemailFiles: string[] } {
  const doomed = sql`c.call_id IN (
      SELECT call_id FROM calls WHERE started_at < ${startedBefore} AND ended_at IS NOT NULL
      ORDER BY started_at LIMIT ${maxCalls})`;
  const hours = hoursOf(st, doomed);
  const voicemailFiles = voicemailFilesOf(st, doomed);
  const deleted = st.run(sql`DELETE FROM calls AS c WHERE ${doomed}`).changes;
  refreshCallHours(st, hours);
  return { deletedCalls: deleted, more: deleted === maxCalls, voicemailFiles };
}
