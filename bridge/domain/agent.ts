// The words for a person on the team, shared by the roster, the call log and the windows. Types only.

export type Presence = 'available' | 'on-call' | 'away';

/** An agent as the windows see them. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  /** E.164. */
  readonly number: string;
  readonly presence: Presence;
  readonly lastCallEndedAt?: number;
  /** The last problem reaching this agent, e.g. Sautikit refused the destination (this run only). */
  readonly lastError?: string;
}

/** What is kept of an agent. `on-call` is never restored: it belonged to a live call. */
export type StoredAgent = Omit<Agent, 'lastError'>;

/** Where the roster is kept (the call log's agents table; memory until it can be read). Every method may reject. */
export interface AgentRepository {
  load(): Promise<StoredAgent[]>;
  save(agent: StoredAgent): Promise<void>;
  remove(id: string): Promise<void>;
}
