// Schema 1: the call log. One row per call (with its outcome, escalation, agent, latency summary
// and cost by component), its transcript lines with their latency figures, and its timeline.
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  name: 'call-log',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        call_id TEXT PRIMARY KEY,
        from_number TEXT NOT NULL DEFAULT '',
        to_number TEXT NOT NULL DEFAULT '',
        -- The caller's number in E.164 (or as received when it is not a number): filters and deletion.
        caller_key TEXT NOT NULL DEFAULT '',
        direction TEXT NOT NULL DEFAULT 'inbound',
        started_at INTEGER NOT NULL,
        answered_at INTEGER,
        ended_at INTEGER,
        duration_ms INTEGER,
        outcome TEXT,
        end_reason TEXT,
        provider TEXT,
        model TEXT,
        escalation_reason TEXT,
        escalation_detail TEXT,
        escalated_at INTEGER,
        agent_id TEXT,
        agent_name TEXT,
        voicemail_url TEXT,
        p50_latency_ms REAL,
        max_latency_ms REAL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        audio_in_ms INTEGER NOT NULL DEFAULT 0,
        audio_out_ms INTEGER NOT NULL DEFAULT 0,
        cost_kes_cents REAL NOT NULL DEFAULT 0,
        cost_carrier_inbound_kes_cents REAL NOT NULL DEFAULT 0,
        cost_carrier_outbound_kes_cents REAL NOT NULL DEFAULT 0,
        cost_ai_kes_cents REAL NOT NULL DEFAULT 0
      ) STRICT;

      -- Keyset pagination walks (started_at, call_id) backwards; each filter has its own prefix.
      CREATE INDEX calls_by_start ON calls (started_at, call_id);
      CREATE INDEX calls_by_caller ON calls (caller_key, started_at, call_id);
      CREATE INDEX calls_by_outcome ON calls (outcome, started_at, call_id);
      CREATE INDEX calls_by_escalation ON calls (escalation_reason, started_at, call_id)
        WHERE escalation_reason IS NOT NULL;
      CREATE INDEX calls_by_agent ON calls (agent_id, started_at, call_id) WHERE agent_id IS NOT NULL;

      CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
        turn_id INTEGER NOT NULL,
        speaker TEXT NOT NULL CHECK (speaker IN ('caller', 'agent')),
        text TEXT NOT NULL DEFAULT '',
        -- Offsets from the start of the call's audio stream.
        start_ms REAL,
        end_ms REAL,
        heard_ms REAL,
        interrupted INTEGER NOT NULL DEFAULT 0,
        latency_ms REAL,
        model_latency_ms REAL,
        greeting_ms REAL,
        bridge_ms REAL,
        barge_in_stop_ms REAL,
        stale_audio_ms REAL,
        UNIQUE (call_id, turn_id, speaker)
      ) STRICT;

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT,
        data TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX events_by_call ON events (call_id, at);
    `);
  },
};
