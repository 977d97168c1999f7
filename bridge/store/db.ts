// Opening the call-log file: the writer's connection (WAL, durable commits, foreign keys, migrated,
// proven writable) and the reader's read-only one. Pragmas are chosen here and nowhere else.
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivateFolder, PRIVATE_FILE_MODE, tightenMode } from '../base/private-folder';
import { migrate, refuseNewer, schemaVersion, type MigrationReport } from './migrate';
import type { Migration } from './migrations/migration';
import { MIGRATIONS } from './migrations';

export const DB_FILE_NAME = 'sauti.db';

export function dbFilePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * The desktop window runs on Electron's Node, whose ABI differs from the Node build installed for tests
 * and `npm run serve`; `npm start` points SAUTI_SQLITE_BINDING at an Electron build of the addon
 * (electron/electron-sqlite.ts). Unset, better-sqlite3 loads its own build.
 */
function nativeBinding(): { nativeBinding?: string } {
  const binding = process.env.SAUTI_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

/** The database and the files SQLite keeps beside it: the WAL, its shared-memory index, a rollback journal. */
export function logFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * The log's files readable by this user only (callers' numbers and words). SQLite gives the -wal,
 * -shm and -journal files the mode of the database file (os_unix.c, findCreateFileMode), so a database
 * created 0600 keeps them all 0600; files left wider by an older version are tightened. Returns the
 * files whose mode was changed, for the log.
 */
export function makeLogFilesPrivate(file: string): string[] {
  if (!existsSync(file)) {
    try {
      // An empty file is an empty database to SQLite.
      closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
    } catch {
      // Made meanwhile, or not makeable: the open that follows says what is wrong.
    }
  }
  return logFiles(file).filter((f) => tightenMode(f, PRIVATE_FILE_MODE).changed);
}

export interface WriterConnection {
  readonly db: Database.Database;
  readonly migration: MigrationReport;
  /** Log files whose wider mode (from an older version) was made 0600 at this open. */
  readonly tightenedFiles: readonly string[];
}

/** Test hooks for the bad cases: a page limit makes SQLite answer SQLITE_FULL exactly as a full disk. */
export interface OpenFaults {
  readonly maxPageCount?: number;
}

/**
 * The single writable connection. WAL lets the reader run beside it; synchronous=FULL fsyncs the WAL at
 * every commit, so a committed batch survives a crash of the app (kill -9) and of the machine (power
 * loss). Batching keeps that to a few fsyncs a second, on the writer thread, never on the audio path.
 */
export function openWriter(
  file: string,
  options: { migrations?: readonly Migration[]; faults?: OpenFaults } = {},
): WriterConnection {
  makePrivateFolder(path.dirname(file));
  const tightenedFiles = makeLogFilesPrivate(file);
  const db = new Database(file, nativeBinding());
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A newer app's file is refused before the journal mode (a header write) is touched.
    refuseNewer(db, file, options.migrations ?? MIGRATIONS);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -16000');
    // After a checkpoint the WAL file is truncated back to this size instead of staying at its peak.
    db.pragma('journal_size_limit = 67108864');
    if (options.faults?.maxPageCount !== undefined)
      db.pragma(`max_page_count = ${Math.trunc(options.faults.maxPageCount)}`);
    const migration = migrate(db, file, options.migrations ?? MIGRATIONS);
    // SQLite opens a write-protected file read-only without saying so: rewrite the version once to find out now.
    db.pragma(`user_version = ${schemaVersion(db)}`);
    return { db, migration, tightenedFiles };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A read-only connection for history, search and export; it sees every committed batch. */
export function openReader(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...nativeBinding() });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
