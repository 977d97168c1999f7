// Messages to call back: calls where the caller left a voicemail (recorded by the bridge or the
// carrier) and nobody has marked them as called back yet, newest first; marking one done (or undone);
// and the voicemail files of calls about to be deleted, so they go with their calls.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CallbackRow } from '../../api/contract';
import { SautiError } from '../../base/errors';
import { sql, type Query } from '../sql';
import type { Statements } from '../statements';
import { HISTORY_COLUMNS, toHistoryRow, type CallRecord } from './history-row';

const MAX_CALLBACKS = 200;
const HAS_MESSAGE = sql`(c.voicemail_url IS NOT NULL OR c.voicemail_file IS NOT NULL)`;

export function toCallbackRow(r: CallRecord): CallbackRow {
  return {
    ...toHistoryRow(r),
    voicemailDurationS: r.voicemailDurationS ?? undefined,
    recording: r.voicemailFile !== null ? 'here' : r.voicemailUrl !== null ? 'carrier' : 'none',
    doneAt: r.callbackDoneAt ?? undefined,
  };
}

export function listCallbacks(st: Statements, args: { limit?: number }): CallbackRow[] {
  const limit = Math.min(Math.max(1, args.limit ?? 50), MAX_CALLBACKS);
  return st
    .all<CallRecord>(
      sql`
      SELECT ${HISTORY_COLUMNS} FROM calls c
      WHERE ${HAS_MESSAGE} AND c.callback_done_at IS NULL
      ORDER BY c.started_at DESC LIMIT ${limit}`,
    )
    .map(toCallbackRow);
}

/** Marks a message as called back (or not yet); returns the row. */
export function markCallback(
  st: Statements,
  args: { callId: string; done: boolean; atMs: number },
): CallbackRow {
  const changed = st.run(sql`
    UPDATE calls AS c SET callback_done_at = ${args.done ? args.atMs : null}
    WHERE c.call_id = ${args.callId} AND ${HAS_MESSAGE}`).changes;
  if (changed === 0) throw new SautiError('STORE_CALL_NOT_FOUND', 'That call left no message to call back');
  const row = st.get<CallRecord>(
    sql`SELECT ${HISTORY_COLUMNS} FROM calls c WHERE c.call_id = ${args.callId}`,
  );
  return toCallbackRow(row!);
}

/** The voicemail files (relative to the data folder) of the calls `where` names. */
export function voicemailFilesOf(st: Statements, where: Query): string[] {
  return st
    .all<{ file: string }>(
      sql`SELECT c.voicemail_file AS file FROM calls c WHERE ${where} AND c.voicemail_file IS NOT NULL`,
    )
    .map((r) => r.file);
}

/** Removes voicemail files whose calls were deleted (only inside the data folder's voicemail folder). */
export function removeVoicemailFiles(dataDir: string, files: readonly string[]): number {
  const folder = path.resolve(dataDir, 'voicemail');
  let removed = 0;
  for (const file of files) {
    const full = path.resolve(dataDir, file);
    if (path.dirname(full) !== folder || !existsSync(full)) continue;
    rmSync(full, { force: true });
    removed++;
  }
  return removed;
}
