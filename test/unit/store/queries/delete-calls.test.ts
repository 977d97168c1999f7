import { afterEach, describe, expect, it } from 'vitest';
import { deleteCallerCalls, pruneCalls } from '../../../../bridge/store/queries/delete-calls';
import { searchTranscripts } from '../../../../bridge/store/queries/search';
import { CallScript } from '../call-script';
import { CALLERS, seedCalls, SEED_T0 } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
afterEach(() => t.close());

const count = (table: string) => t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('deleteCallerCalls', () => {
  it('deletes every call of one caller — lines, timeline and search entries with them — and nothing else', () => {
    t = openTestDb();
    const seeded = seedCalls(t, 20);
    const theirs = seeded.filter((c) => c.from === CALLERS[1]);
    const deleted = t.st.transaction(() => deleteCallerCalls(t.st, '0712 000 002'));
    expect(deleted).toEqual({ deleted: theirs.length, voicemailFiles: [] });
    expect(t.db.prepare('SELECT count(*) FROM calls WHERE from_number = ?').pluck().get(CALLERS[1])).toBe(0);
    expect(count('calls')).toBe(seeded.length - theirs.length);
    const orphans = t.db
      .prepare(
        'SELECT (SELECT count(*) FROM turns WHERE call_id NOT IN (SELECT call_id FROM calls)) + (SELECT count(*) FROM events WHERE call_id NOT IN (SELECT call_id FROM calls))',
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    const hitCalls = new Set(searchTranscripts(t.st, { query: 'calling', limit: 200 }).map((h) => h.callId));
    for (const c of theirs) expect(hitCalls.has(c.callId)).toBe(false);
    expect(hitCalls.size).toBe(seeded.length - theirs.length);
  });

  it('refuses part of a number, which could match other people', () => {
    t = openTestDb();
    seedCalls(t, 4);
    expect(() => deleteCallerCalls(t.st, '0712')).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_NUMBER' }),
    );
    expect(count('calls')).toBe(4);
  });
});

describe('pruneCalls', () => {
  it('deletes ended calls older than the cut-off in chunks, oldest first, and keeps live ones', () => {
    t = openTestDb();
    const seeded = seedCalls(t, 10);
    t.record(new CallScript('live-old', SEED_T0 - 1000).started().events);
    const cutoff = SEED_T0 + 6 * 3_600_000;
    const first = pruneCalls(t.st, cutoff, 4);
    expect(first).toEqual({ deletedCalls: 4, more: true, voicemailFiles: [] });
    const second = pruneCalls(t.st, cutoff, 4);
    expect(second).toEqual({ deletedCalls: 2, more: false, voicemailFiles: [] });
    const left = t.db.prepare('SELECT call_id FROM calls ORDER BY started_at').pluck().all();
    expect(left).toEqual(['live-old', ...seeded.filter((c) => c.startedAt >= cutoff).map((c) => c.callId)]);
  });
});
