// The agents table behind the roster (see AgentRepository in calls/routing.ts): loaded in the order
// agents were first added, saved whole, removed by id.
import type { StoredAgent } from '../../domain/agent';
import type { Presence } from '../../api/contract';
import { sql } from '../sql';
import type { Statements } from '../statements';

export function loadAgents(st: Statements): StoredAgent[] {
  return st
    .all<{ id: string; name: string; number: string; presence: Presence; lastCallEndedAt: number | null }>(
      sql`
      SELECT id, name, number, presence, last_call_ended_at AS lastCallEndedAt FROM agents ORDER BY position, id`,
    )
    .map((r) => ({
      id: r.id,
      name: r.name,
      number: r.number,
      presence: r.presence,
      ...(r.lastCallEndedAt !== null ? { lastCallEndedAt: r.lastCallEndedAt } : {}),
    }));
}

export function saveAgent(st: Statements, agent: StoredAgent, atMs: number): void {
  st.run(sql`
    INSERT INTO agents (id, name, number, presence, last_call_ended_at, position, updated_at)
    VALUES (${agent.id}, ${agent.name}, ${agent.number}, ${agent.presence}, ${agent.lastCallEndedAt ?? null},
      (SELECT COALESCE(MAX(position), 0) + 1 FROM agents), ${atMs})
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, number = excluded.number, presence = excluded.presence,
      last_call_ended_at = excluded.last_call_ended_at, updated_at = excluded.updated_at`);
}

export function removeAgent(st: Statements, id: string): boolean {
  return st.run(sql`DELETE FROM agents WHERE id = ${id}`).changes > 0;
}
