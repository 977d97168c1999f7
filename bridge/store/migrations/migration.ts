// What a numbered migration is: a schema version and a synchronous step. Migrations are never
// edited once they have landed; a change to the schema is a new file.
import type Database from 'better-sqlite3';

export interface Migration {
  /** The schema version after this step (PRAGMA user_version). */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
