// Brings a database to the newest schema at start: every pending migration in one transaction,
// with PRAGMA user_version as the schema version. A file from a newer app is refused, untouched.
import type Database from 'better-sqlite3';
import { SautiError } from '../base/errors';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws STORE_TOO_NEW for a file from a newer app (before anything writes to it); returns its version. */
export function refuseNewer(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const version = schemaVersion(db);
  if (version > latest) {
    throw new SautiError(
      'STORE_TOO_NEW',
      `The call log ${file} was written by a newer version of Sauti Console (schema ${version}; this version ` +
        `knows up to ${latest}). Update the app, or move the file away to start a new log.`,
    );
  }
  return version;
}

export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationReport {
  const latest = migrations.at(-1)?.version ?? 0;
  const from = refuseNewer(db, file, migrations);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      // user_version cannot be a bound parameter; it is an integer from our own migration list.
      if (!Number.isInteger(m.version) || m.version < 1)
        throw new TypeError(`bad migration version ${m.version}`);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: latest };
}
