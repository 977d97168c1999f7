// Schema 4: deleting a caller's history must remove their words from the search index too. By
// default FTS5 only marks deleted entries and leaves the terms in older index segments until a merge
// (SQLite's secure_delete pragma does not reach them); its persistent 'secure-delete' option (SQLite
// 3.42+) removes every trace when a row goes.
import type { Migration } from './migration';

export const migration0004: Migration = {
  version: 4,
  name: 'search-secure-delete',
  up(db) {
    db.exec(`INSERT INTO turns_fts (turns_fts, rank) VALUES ('secure-delete', 1);`);
  },
};
