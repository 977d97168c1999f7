// Schema 2: full-text search over transcript lines. An external-content FTS5 index on turns.text,
// kept in sync by triggers, and built from the lines already stored.
import type { Migration } from './migration';

export const migration0002: Migration = {
  version: 2,
  name: 'transcript-search',
  up(db) {
    db.exec(`
      -- unicode61 without stemming: the lines are English and Swahili, and a Porter stemmer would
      -- mangle Swahili words. remove_diacritics 2 folds accents on both sides of a match.
      CREATE VIRTUAL TABLE turns_fts USING fts5 (
        text,
        content = 'turns',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
        INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
        INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns WHEN old.text IS NOT new.text BEGIN
        INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
      END;

      INSERT INTO turns_fts (turns_fts) VALUES ('rebuild');
    `);
  },
};
