// A database migrated to one schema version and populated as that version wrote it.
import Database from 'better-sqlite3';
import { migrate } from '../../../../bridge/store/migrate';
import { MIGRATIONS } from '../../../../bridge/store/migrations';
import { populateAtVersion } from '../populate';

export function dbAtVersion(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, ':memory:', MIGRATIONS.slice(0, version));
  populateAtVersion(db, version);
  return db;
}

/** Runs exactly the migration to `version` on a populated database one version older. */
export function migrateTo(db: Database.Database, version: number): void {
  migrate(db, ':memory:', MIGRATIONS.slice(0, version));
}
