// Migrations: applied at start in one transaction against user_version; a file from a newer app
// is refused untouched; every earlier schema version, populated, migrates to the newest.
import Database from 'better-sqlite3';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openWriter } from '../../../bridge/store/db';
import { migrate, schemaVersion } from '../../../bridge/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../bridge/store/migrations';
import { searchTranscripts } from '../../../bridge/store/queries/search';
import { Statements } from '../../../bridge/store/statements';
import { populateAtVersion } from './populate';
import { tempDir } from './test-db';

let dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

function fileAt(version: number): string {
  const tmp = tempDir();
  dirs.push(tmp);
  const file = path.join(tmp.dir, 'sauti.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, file, MIGRATIONS.slice(0, version));
  populateAtVersion(db, version);
  db.close();
  return file;
}

describe('migrate', () => {
  it('numbers migrations 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('brings a new file to the newest schema, and does nothing the second time', () => {
    const file = fileAt(0);
    const first = openWriter(file);
    expect(first.migration).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    first.db.close();
    const second = openWriter(file);
    expect(second.migration).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(second.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(second.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    second.db.close();
  });

  for (let version = 0; version < LATEST_SCHEMA_VERSION; version++) {
    it(`migrates a populated schema-${version} file to the newest, keeping its data`, () => {
      const file = fileAt(version);
      const { db, migration } = openWriter(file);
      expect(migration).toEqual({ from: version, to: LATEST_SCHEMA_VERSION });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const st = new Statements(db);
      if (version >= 1) {
        expect(db.prepare('SELECT call_id FROM calls ORDER BY call_id').pluck().all()).toEqual([
          'old-1',
          'old-2',
        ]);
        // Lines stored before search existed are found by it.
        expect(searchTranscripts(st, { query: 'maji' }).map((h) => h.callId)).toEqual(['old-2']);
      }
      if (version >= 3) {
        expect(db.prepare('SELECT name FROM agents').pluck().all()).toEqual(['Wanjiru']);
      }
      db.close();
    });
  }

  it('refuses a file from a newer version with a clear message and leaves it untouched', () => {
    const file = fileAt(LATEST_SCHEMA_VERSION);
    const db = new Database(file);
    // A rollback-journal file: turning on WAL would rewrite its header, so even that must not happen.
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 4}`);
    db.close();
    const before = readFileSync(file);
    let error: unknown;
    try {
      openWriter(file);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'STORE_TOO_NEW', retryable: false });
    expect((error as Error).message).toMatch(
      `newer version of Sauti Console (schema ${LATEST_SCHEMA_VERSION + 4}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('applies all pending migrations in one transaction: a failing step leaves the file as it was', () => {
    const file = fileAt(1);
    const db = new Database(file);
    const failing = [
      ...MIGRATIONS.slice(0, 2),
      {
        version: 3,
        name: 'broken',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, file, failing)).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name IN ('half_done', 'turns_fts')").all(),
    ).toEqual([]);
    db.close();
  });
});
