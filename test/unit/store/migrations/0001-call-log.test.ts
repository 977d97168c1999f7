import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dbAtVersion, migrateTo } from './migration-db';

describe('migration 0001: call log', () => {
  it('creates calls, turns and events with their constraints on an empty file', () => {
    const db = dbAtVersion(0);
    migrateTo(db, 1);
    expect(schemaVersion(db)).toBe(1);
    db.exec(`INSERT INTO calls (call_id, started_at) VALUES ('c1', 1)`);
    db.exec(`INSERT INTO turns (call_id, turn_id, speaker, text) VALUES ('c1', 1, 'caller', 'hi')`);
    // speaker is checked, types are strict, a line needs its call, one line per (call, turn, speaker).
    expect(() => db.exec(`INSERT INTO turns (call_id, turn_id, speaker) VALUES ('c1', 2, 'robot')`)).toThrow(
      /CHECK/,
    );
    expect(() => db.exec(`INSERT INTO calls (call_id, started_at) VALUES ('c2', 'yesterday')`)).toThrow(
      /cannot store TEXT/,
    );
    expect(() =>
      db.exec(`INSERT INTO turns (call_id, turn_id, speaker) VALUES ('nope', 1, 'agent')`),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.exec(`INSERT INTO turns (call_id, turn_id, speaker) VALUES ('c1', 1, 'caller')`)).toThrow(
      /UNIQUE/,
    );
    // Deleting a call takes its lines and timeline with it.
    db.exec(`INSERT INTO events (call_id, at, kind) VALUES ('c1', 1, 'call.started')`);
    db.exec(`DELETE FROM calls WHERE call_id = 'c1'`);
    expect(
      db.prepare('SELECT (SELECT count(*) FROM turns) + (SELECT count(*) FROM events) AS n').get(),
    ).toEqual({ n: 0 });
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND name LIKE 'calls_by_%'",
      )
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'calls_by_start',
        'calls_by_caller',
        'calls_by_outcome',
        'calls_by_escalation',
        'calls_by_agent',
      ]),
    );
    db.close();
  });
});
