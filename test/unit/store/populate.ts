// Rows written with the schema of a given version, as that version of the app wrote them: the
// starting point of every migration test.
import type Database from 'better-sqlite3';

export function populateAtVersion(db: Database.Database, version: number): void {
  if (version >= 1) {
    db.exec(`
      INSERT INTO calls (call_id, from_number, to_number, caller_key, started_at, ended_at, outcome, cost_kes_cents)
      VALUES ('old-1', '+254711000001', '+254709000000', '+254711000001', 1000, 2000, 'ai-resolved', 10),
             ('old-2', '+254711000002', '+254709000000', '+254711000002', 3000, 4000, 'agent-handled', 20);
      INSERT INTO turns (call_id, turn_id, speaker, text, start_ms, latency_ms)
      VALUES ('old-1', 1, 'agent', 'Habari, how can I help?', 0, 500),
             ('old-2', 1, 'caller', 'Sina maji nyumbani', 0, NULL);
      INSERT INTO events (call_id, at, kind, summary, data)
      VALUES ('old-1', 1000, 'call.started', 'Call from +254711000001 (gemini)', '{}');
    `);
  }
  if (version >= 3) {
    db.exec(`
      INSERT INTO agents (id, name, number, presence, position, updated_at)
      VALUES ('a1', 'Wanjiru', '+254711000009', 'available', 1, 1000);
      INSERT INTO settings (key, value, updated_at) VALUES ('team.routing', '{"n":1}', 1000);
    `);
  }
}
