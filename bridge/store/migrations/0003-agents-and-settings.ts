// Schema 3: the team's agents (the roster behind routing) and a key/value table for settings the
// app keeps itself (e.g. the team's routing records).
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  name: 'agents-and-settings',
  up(db) {
    db.exec(`
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        number TEXT NOT NULL,
        presence TEXT NOT NULL CHECK (presence IN ('available', 'on-call', 'away')),
        last_call_ended_at INTEGER,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        -- JSON text.
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
