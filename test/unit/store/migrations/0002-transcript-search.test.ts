import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dbAtVersion, migrateTo } from './migration-db';

const match = (db: ReturnType<typeof dbAtVersion>, q: string) =>
  db.prepare('SELECT rowid FROM turns_fts WHERE turns_fts MATCH ? ORDER BY rowid').pluck().all(q);

describe('migration 0002: transcript search', () => {
  it('indexes the lines already stored, then keeps the index in step with inserts, edits and deletes', () => {
    const db = dbAtVersion(1);
    migrateTo(db, 2);
    expect(schemaVersion(db)).toBe(2);
    const existing = db.prepare("SELECT id FROM turns WHERE text LIKE '%maji%'").pluck().get();
    expect(match(db, 'maji')).toEqual([existing]);

    const { lastInsertRowid: id } = db
      .prepare(
        "INSERT INTO turns (call_id, turn_id, speaker, text) VALUES ('old-1', 2, 'caller', 'My balance please')",
      )
      .run();
    expect(match(db, 'balance')).toEqual([Number(id)]);
    db.prepare("UPDATE turns SET text = 'My statement please' WHERE id = ?").run(id);
    expect(match(db, 'balance')).toEqual([]);
    expect(match(db, 'statement')).toEqual([Number(id)]);
    db.exec("DELETE FROM calls WHERE call_id = 'old-1'");
    expect(match(db, 'statement')).toEqual([]);
    // FTS5's own check compares the index with the content table, and throws when they differ.
    expect(() =>
      db.exec("INSERT INTO turns_fts (turns_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
    db.close();
  });

  it('folds accents on both sides of a match', () => {
    const db = dbAtVersion(1);
    migrateTo(db, 2);
    db.exec(
      "INSERT INTO turns (call_id, turn_id, speaker, text) VALUES ('old-1', 3, 'agent', 'Café Nairobi')",
    );
    expect(match(db, 'cafe')).toHaveLength(1);
    db.close();
  });
});
