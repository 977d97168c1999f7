// Schema 8: messages to call back. A voicemail the bridge records from the caller's stream lives in a
// file in the data folder (not at a carrier URL); the call log keeps its name and length, and when
// someone marked the caller as called back, so the console can list who still waits for a call.
import type { Migration } from './migration';

export const migration0008: Migration = {
  version: 8,
  name: 'callbacks',
  up(db) {
    db.exec(`
      ALTER TABLE calls ADD COLUMN voicemail_file TEXT;
      ALTER TABLE calls ADD COLUMN voicemail_duration_s REAL;
      ALTER TABLE calls ADD COLUMN callback_done_at INTEGER;
      CREATE INDEX calls_callbacks_open ON calls (started_at)
        WHERE (voicemail_url IS NOT NULL OR voicemail_file IS NOT NULL) AND callback_done_at IS NULL;
    `);
  },
};
