// Schema 7: when each open call was last known live. A call cut off by a crash (kill -9, power loss)
// was closed at its last logged event, which can be long before the crash (a quiet caller, hold
// music): 1.6 s for a call of about 8 s. The writer now stamps every open call about once a second
// (batch-writer.ts), and the next start ends such a call at the later of the two.
import type { Migration } from './migration';

export const migration0007: Migration = {
  version: 7,
  name: 'call-live-at',
  up(db) {
    db.exec(`ALTER TABLE calls ADD COLUMN live_at INTEGER;`);
  },
};
