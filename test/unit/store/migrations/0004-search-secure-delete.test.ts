import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dbAtVersion, migrateTo } from './migration-db';

/** Whether any search-index page still holds these bytes (terms are stored as plain UTF-8 in segments). */
const indexHolds = (db: Database.Database, text: string) =>
  (db.prepare('SELECT block FROM turns_fts_data').pluck().all() as (Buffer | null)[]).some((b) =>
    b?.includes(text),
  );

function lineThenDelete(db: Database.Database): void {
  db.exec(`
    INSERT INTO calls (call_id, started_at) VALUES ('secret', 5000);
    INSERT INTO turns (call_id, turn_id, speaker, text) VALUES ('secret', 1, 'caller', 'my pin is xylophonique');
  `);
  expect(indexHolds(db, 'ophonique')).toBe(true);
  db.exec(`DELETE FROM calls WHERE call_id = 'secret'`);
}

describe('migration 0004: search secure-delete', () => {
  it('before it, a deleted line leaves its words in the search index', () => {
    const db = dbAtVersion(3);
    lineThenDelete(db);
    expect(indexHolds(db, 'ophonique')).toBe(true);
    db.close();
  });

  it('after it, deleting a line removes its words from the index, and search still works on the rest', () => {
    const db = dbAtVersion(3);
    migrateTo(db, 4);
    expect(schemaVersion(db)).toBe(4);
    lineThenDelete(db);
    expect(indexHolds(db, 'ophonique')).toBe(false);
    expect(db.prepare("SELECT count(*) FROM turns_fts WHERE turns_fts MATCH 'maji'").pluck().get()).toBe(1);
    expect(() =>
      db.exec("INSERT INTO turns_fts (turns_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
    db.close();
  });
});
