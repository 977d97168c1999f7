// Schema 5: daily stats read every reply latency of the days asked for; a partial covering index
// lets that read skip the transcript text (measured by bench/store.ts: 30 days over 100k calls).
import type { Migration } from './migration';

export const migration0005: Migration = {
  version: 5,
  name: 'turn-latency-index',
  up(db) {
    db.exec(`CREATE INDEX turns_latency ON turns (call_id, latency_ms) WHERE latency_ms IS NOT NULL;`);
  },
};
