// Schema 6: the daily aggregate. Daily stats over 180 days read every call and every reply latency of
// those days (about 1.3 s over 100k calls, bench/store.ts); a row per hour in which calls started
// (call-hours.ts keeps it, in the writer's transactions) answers any range from a few thousand rows.
// The table is filled here from the calls already logged, with call-hours.ts's own rebuild (a later
// change to how an hour is summed comes with a migration that rebuilds the table again).
import { rebuildCallHours } from '../queries/call-hours';
import { Statements } from '../statements';
import type { Migration } from './migration';

export const migration0006: Migration = {
  version: 6,
  name: 'call-hours',
  up(db) {
    db.exec(`
      CREATE TABLE call_hours (
        -- Hours since the epoch (UTC) in which calls started.
        hour INTEGER PRIMARY KEY,
        calls INTEGER NOT NULL,
        ai_resolved INTEGER NOT NULL,
        cost_kes_cents REAL NOT NULL,
        -- JSON: {"caller-asked": 3, …}
        escalations TEXT NOT NULL DEFAULT '{}',
        -- Reply latencies as a histogram (latency-histogram.ts); NULL when the hour has none.
        latencies BLOB
      ) STRICT;

      -- Hours whose calls changed since their row was computed (call-hours.ts, markHoursStale).
      CREATE TABLE call_hours_stale (hour INTEGER PRIMARY KEY) STRICT;
    `);
    rebuildCallHours(new Statements(db));
  },
};
