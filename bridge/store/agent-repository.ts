// The roster's persistence (AgentRepository from calls/routing.ts) on the agents table, through the
// writer thread so a load always sees the last save.
import type { AgentRepository, StoredAgent } from '../domain/agent';
import type { Clock } from '../base/clock';
import type { StoreClient } from './client';

export class SqliteAgentRepository implements AgentRepository {
  constructor(
    private readonly store: StoreClient,
    private readonly clock: Clock,
  ) {}

  load(): Promise<StoredAgent[]> {
    return this.store.write('agents.load', {});
  }

  async save(agent: StoredAgent): Promise<void> {
    const { id, name, number, presence, lastCallEndedAt } = agent;
    await this.store.write('agent.save', {
      agent: { id, name, number, presence, ...(lastCallEndedAt !== undefined ? { lastCallEndedAt } : {}) },
      atMs: this.clock.epochMs(),
    });
  }

  async remove(id: string): Promise<void> {
    await this.store.write('agent.remove', { id });
  }
}
