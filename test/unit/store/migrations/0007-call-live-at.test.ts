import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { closeInterruptedCalls } from '../../../../bridge/store/queries/close-interrupted-calls';
import { Statements } from '../../../../bridge/store/statements';
import { dbAtVersion, migrateTo } from './migration-db';

describe('migration 0007: when each open call was last known live', () => {
  it('adds live_at to a populated log; a call left open ends at the later of its last event and live_at', () => {
    const db = dbAtVersion(6);
    const callsBefore = db.prepare('SELECT * FROM calls ORDER BY call_id').all() as Record<string, unknown>[];
    // A call an older version left open (its app was killed), with one event at 5000.
    db.exec(`
      INSERT INTO calls (call_id, started_at) VALUES ('open-1', 4000), ('open-2', 4000);
      INSERT INTO events (call_id, at, kind) VALUES ('open-1', 5000, 'stream.started'), ('open-2', 5000, 'stream.started');`);
    migrateTo(db, 7);
    expect(schemaVersion(db)).toBe(7);
    const after = db.prepare("SELECT * FROM calls WHERE call_id LIKE 'old-%' ORDER BY call_id").all();
    expect(after).toEqual(callsBefore.map((c) => ({ ...c, live_at: null })));
    // The new writer stamped open-2 as live until 9000.
    db.exec("UPDATE calls SET live_at = 9000 WHERE call_id = 'open-2'");
    expect(closeInterruptedCalls(new Statements(db))).toBe(2);
    expect(
      db
        .prepare(
          "SELECT call_id, ended_at, duration_ms FROM calls WHERE call_id LIKE 'open-%' ORDER BY call_id",
        )
        .all(),
    ).toEqual([
      { call_id: 'open-1', ended_at: 5000, duration_ms: 1000 },
      { call_id: 'open-2', ended_at: 9000, duration_ms: 5000 },
    ]);
    db.close();
  });
});
