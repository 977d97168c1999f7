// The team's agents: roster, presence and the choice of the next one to ring (longest idle first).
// Presence changes when an agent toggles it and when a dialled leg connects or ends. The roster is
// persisted through an AgentRepository (the store implements it on SQLite; memory until then).
import { randomBytes } from 'node:crypto';
import type { Clock, TimerHandle } from '../base/clock';
import { Emitter } from '../base/emitter';
import { SautiError } from '../base/errors';
import { asAgentId, type AgentId, type CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { toE164 } from '../base/phone-number';
import type { Agent, AgentRepository, Presence, StoredAgent } from '../domain/agent';

export class InMemoryAgentRepository implements AgentRepository {
  private readonly rows = new Map<string, StoredAgent>();

  constructor(initial: readonly StoredAgent[] = []) {
    for (const a of initial) this.rows.set(a.id, { ...a });
  }

  load(): Promise<StoredAgent[]> {
    return Promise.resolve([...this.rows.values()].map((a) => ({ ...a })));
  }

  save(agent: StoredAgent): Promise<void> {
    this.rows.set(agent.id, { ...agent });
    return Promise.resolve();
  }

  remove(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }
}

/** An agent as the windows see them, with the id branded for the bridge's own use. */
export type AgentView = Agent & { readonly id: AgentId };

interface AgentState {
  id: AgentId;
  name: string;
  number: string;
  presence: Presence;
  lastCallEndedAt?: number;
  /** When the agent last became free (call ended or toggled available): longest idle rings first. */
  idleSinceMs: number;
  /** The call ringing this agent now: not offered to another call meanwhile. */
  ringingFor?: string;
  /** The call that put this agent on-call (a manual on-call is never reverted by a call ending). */
  busyWith?: string;
  lastError?: string;
  order: number;
  /** On the roster but not saved yet: the seed agent while the call log cannot be read. */
  unsaved?: boolean;
}

export interface RosterEvents extends Record<string, unknown> {
  changed: readonly AgentView[];
  /** An agent became free to take a call (toggle, or a call ended). */
  available: AgentId;
}

const MAX_NAME = 80;
/** The first wait before loading the roster again after the repository failed; doubles up to the max. */
export const ROSTER_RETRY_FIRST_MS = 1000;
export const ROSTER_RETRY_MAX_MS = 30_000;

export class AgentRoster {
  readonly events = new Emitter<RosterEvents>();
  private readonly agents = new Map<string, AgentState>();
  private nextOrder = 0;
  private loadState: 'idle' | 'loading' | 'loaded' = 'idle';
  private started = false;
  private seed: { name?: string; number?: string } | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryDelayMs = ROSTER_RETRY_FIRST_MS;
  /** An unsaved agent's id → its saved id, once the saved record was found (live calls hold the old id). */
  private readonly aliases = new Map<string, AgentId>();

  constructor(private readonly deps: { repository: AgentRepository; clock: Clock; log: Log }) {}

  /** Whether the saved roster has been loaded. */
  get loaded(): boolean {
    return this.loadState === 'loaded';
  }

  /**
   * Loads the saved roster (seeding one agent, see `load`). When the repository is unavailable (the
   * call log cannot be opened) it keeps trying by itself, 1 s doubling to 30 s, until it loads or
   * `stop()`; calls are answered meanwhile. Never throws; resolves with whether the first try loaded.
   */
  start(seed?: { name?: string; number?: string }): Promise<boolean> {
    this.started = true;
    this.seed = seed;
    return this.tryLoad();
  }

  /** Tries again now rather than at the next backoff step (e.g. the call log is writable again). */
  retryLoad(): void {
    if (!this.started || this.loadState !== 'idle') return;
    this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.tryLoad();
  }

  stop(): void {
    this.started = false;
    this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async tryLoad(): Promise<boolean> {
    if (this.loadState !== 'idle') return this.loadState === 'loaded';
    this.loadState = 'loading';
    try {
      await this.load(this.seed);
      this.loadState = 'loaded';
      return true;
    } catch (err) {
      this.loadState = 'idle';
      if (!this.started) return false;
      this.seedUnsaved();
      const waitMs = this.retryDelayMs;
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, ROSTER_RETRY_MAX_MS);
      this.deps.log.error(
        {
          code: 'AGENT_LOAD_FAILED',
          err: err instanceof Error ? err.message : String(err),
          retryInMs: waitMs,
        },
        'agent roster not loaded: trying again',
      );
      this.retryTimer = this.deps.clock.setTimeout(() => {
        this.retryTimer = undefined;
        if (this.started) void this.tryLoad();
      }, waitMs);
      return false;
    }
  }

  /**
   * The agent from AGENT_NAME / AGENT_NUMBER goes on the roster in memory while the saved roster cannot
   * be read (the call log is unavailable), so escalations still ring them; `load` saves them later.
   */
  private seedUnsaved(): void {
    const seed = this.seed;
    if (!seed?.number || this.findByNumber(seed.number)) return;
    let number: string;
    try {
      number = toE164(seed.number);
    } catch {
      return;
    }
    const state: AgentState = {
      id: asAgentId(`agt_${randomBytes(6).toString('hex')}`),
      name: seed.name?.trim().slice(0, MAX_NAME) || 'Agent',
      number,
      presence: 'available',
      idleSinceMs: this.deps.clock.epochMs(),
      order: this.nextOrder++,
      unsaved: true,
    };
    this.agents.set(state.id, state);
    this.deps.log.warn(
      { agentId: state.id },
      'agent from AGENT_NUMBER is on the roster, not saved until the call log opens',
    );
    this.changed();
  }

  /**
   * An unsaved agent whose saved record has turned up: it takes the saved id (history and teammates
   * refer to it), name and presence, and keeps what is live (a call it is on, a ring). The old id stays
   * an alias, for the calls that hold it.
   */
  private adopt(a: AgentState, row: StoredAgent): void {
    this.agents.delete(a.id);
    this.aliases.set(a.id, asAgentId(row.id));
    a.id = asAgentId(row.id);
    a.name = row.name;
    if (!a.busyWith) a.presence = row.presence === 'on-call' ? 'available' : row.presence;
    a.lastCallEndedAt = row.lastCallEndedAt ?? a.lastCallEndedAt;
    a.unsaved = false;
    this.agents.set(a.id, a);
  }

  /** An agent by id, or by the id it had before its saved record was found. */
  private find(id: string): AgentState | undefined {
    return this.agents.get(id) ?? this.agents.get(this.aliases.get(id) ?? '');
  }

  /** Loads the saved roster and seeds one agent from settings when the roster has none with that number. */
  async load(seed?: { name?: string; number?: string }): Promise<void> {
    const rows = await this.deps.repository.load();
    for (const row of rows) {
      // A second load (a retry after a partial failure) keeps the agents already here as they are.
      if (this.agents.has(row.id)) continue;
      let number: string;
      try {
        number = toE164(row.number);
      } catch {
        this.deps.log.warn({ agentId: row.id }, 'saved agent has an undialable number: skipped');
        continue;
      }
      const unsaved = [...this.agents.values()].find((a) => a.unsaved && a.number === number);
      if (unsaved) {
        this.adopt(unsaved, row);
        continue;
      }
      this.agents.set(row.id, {
        id: asAgentId(row.id),
        name: row.name,
        number,
        presence: row.presence === 'on-call' ? 'available' : row.presence,
        lastCallEndedAt: row.lastCallEndedAt,
        idleSinceMs: row.lastCallEndedAt ?? 0,
        order: this.nextOrder++,
      });
    }
    // Added while the saved roster could not be read: saved now, after the saved agents.
    for (const a of this.agents.values()) {
      if (!a.unsaved) continue;
      await this.deps.repository.save(stored(a));
      a.unsaved = false;
      a.order = this.nextOrder++;
      this.deps.log.info({ agentId: a.id }, 'agent from AGENT_NUMBER saved');
    }
    if (seed?.number && !this.findByNumber(seed.number)) {
      await this.save({ name: seed.name ?? 'Agent', number: seed.number });
      this.deps.log.info('seeded one agent from AGENT_NAME / AGENT_NUMBER');
    }
    this.changed();
  }

  list(): AgentView[] {
    return [...this.agents.values()].sort((a, b) => a.order - b.order).map(view);
  }

  get(id: string): AgentView | undefined {
    const a = this.find(id);
    return a ? view(a) : undefined;
  }

  findByNumber(number: string): AgentView | undefined {
    let e164: string;
    try {
      e164 = toE164(number);
    } catch {
      return undefined;
    }
    for (const a of this.agents.values()) if (a.number === e164) return view(a);
    return undefined;
  }

  /** Adds or edits an agent (number validated and normalised); persists before answering. */
  async save(input: { id?: string; name: string; number: string }): Promise<AgentView> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME) {
      throw new SautiError('AGENT_BAD_NAME', `An agent needs a name of 1 to ${MAX_NAME} characters`);
    }
    const number = toE164(input.number);
    const existing = input.id ? this.find(input.id) : undefined;
    for (const other of this.agents.values()) {
      if (other.number === number && other !== existing) {
        throw new SautiError('AGENT_DUPLICATE_NUMBER', `${other.name} already has the number ${number}`);
      }
    }
    if (input.id && !existing)
      throw new SautiError('AGENT_NOT_FOUND', 'That agent is not on the roster any more');
    const state: AgentState = existing ?? {
      id: asAgentId(`agt_${randomBytes(6).toString('hex')}`),
      name,
      number,
      presence: 'available',
      idleSinceMs: this.deps.clock.epochMs(),
      order: this.nextOrder++,
    };
    const before = existing ? { ...existing } : undefined;
    state.name = name;
    if (state.number !== number) state.lastError = undefined;
    state.number = number;
    this.agents.set(state.id, state);
    try {
      await this.deps.repository.save(stored(state));
      state.unsaved = false;
    } catch (err) {
      if (before) Object.assign(state, before);
      else this.agents.delete(state.id);
      throw new SautiError('AGENT_SAVE_FAILED', `The agent could not be saved: ${String(err)}`, {
        retryable: true,
      });
    }
    this.changed();
    return view(state);
  }

  async remove(id: string): Promise<boolean> {
    const a = this.find(id);
    if (!a) return false;
    try {
      await this.deps.repository.remove(a.id);
    } catch (err) {
      throw new SautiError('AGENT_SAVE_FAILED', `The agent could not be removed: ${String(err)}`, {
        retryable: true,
      });
    }
    this.agents.delete(a.id);
    this.changed();
    return true;
  }

  /** The agent's own toggle. */
  async setPresence(id: string, presence: Presence): Promise<AgentView> {
    const a = this.find(id);
    if (!a) throw new SautiError('AGENT_NOT_FOUND', 'That agent is not on the roster any more');
    const was = a.presence;
    a.presence = presence;
    a.busyWith = undefined;
    if (presence === 'available' && was !== 'available') a.idleSinceMs = this.deps.clock.epochMs();
    this.persist(a);
    this.changed();
    if (presence === 'available' && was !== 'available') this.events.emit('available', a.id);
    return view(a);
  }

  /**
   * The next agent to ring: available, not ringing for another call, not excluded; longest idle first
   * (never-called agents before anyone who just finished a call).
   */
  nextAvailable(exclude: ReadonlySet<string> = new Set()): AgentView | undefined {
    let best: AgentState | undefined;
    for (const a of this.agents.values()) {
      if (a.presence !== 'available' || a.ringingFor || exclude.has(a.id)) continue;
      if (
        !best ||
        a.idleSinceMs < best.idleSinceMs ||
        (a.idleSinceMs === best.idleSinceMs && a.order < best.order)
      ) {
        best = a;
      }
    }
    return best ? view(best) : undefined;
  }

  /** Whether anyone could still take a call later: available (and not excluded) or busy on a call. */
  anyoneOnDuty(exclude: ReadonlySet<string> = new Set()): boolean {
    for (const a of this.agents.values()) {
      if (a.presence === 'on-call') return true;
      if (a.presence === 'available' && !exclude.has(a.id)) return true;
    }
    return false;
  }

  /** Whether the agent's phone is ringing for a call other than `callSid`. */
  isRingingForAnother(id: string, callSid: CarrierCallSid): boolean {
    const a = this.find(id);
    return !!a?.ringingFor && a.ringingFor !== callSid;
  }

  /** The agent is being rung for `callSid`: nobody else offers them meanwhile. */
  reserve(id: string, callSid: CarrierCallSid): void {
    const a = this.find(id);
    if (a) a.ringingFor = callSid;
  }

  /** The ring for `callSid` is over without a connection. */
  release(id: string, callSid: CarrierCallSid): void {
    const a = this.find(id);
    if (!a || a.ringingFor !== callSid) return;
    a.ringingFor = undefined;
    if (a.presence === 'available') this.events.emit('available', a.id);
  }

  /** A dialled leg connected: the agent is on a call. */
  connected(id: string, callSid: CarrierCallSid): void {
    const a = this.find(id);
    if (!a) return;
    if (a.ringingFor === callSid) a.ringingFor = undefined;
    a.lastError = undefined;
    if (a.presence !== 'away') {
      a.presence = 'on-call';
      a.busyWith = callSid;
    }
    this.changed();
  }

  /** The agent's leg for `callSid` ended: back to available (unless they set themselves otherwise). */
  callEnded(id: string, callSid: CarrierCallSid): void {
    const a = this.find(id);
    if (!a) return;
    if (a.ringingFor === callSid) a.ringingFor = undefined;
    const now = this.deps.clock.epochMs();
    a.lastCallEndedAt = now;
    const freed = a.presence === 'on-call' && a.busyWith === callSid;
    if (freed) {
      a.presence = 'available';
      a.busyWith = undefined;
      a.idleSinceMs = now;
    }
    this.persist(a);
    this.changed();
    if (freed) this.events.emit('available', a.id);
  }

  /** A problem reaching the agent, shown on the agent (e.g. a refused destination). */
  setError(id: string, message: string): void {
    const a = this.find(id);
    if (!a || a.lastError === message) return;
    a.lastError = message;
    this.changed();
  }

  private persist(a: AgentState): void {
    // Not saved yet (the call log is unavailable): saved whole when the roster loads.
    if (a.unsaved) return;
    this.deps.repository.save(stored(a)).catch((err: unknown) => {
      this.deps.log.error(
        { code: 'AGENT_SAVE_FAILED', agentId: a.id, err: String(err) },
        'agent state not saved',
      );
    });
  }

  private changed(): void {
    this.events.emit('changed', this.list());
  }
}

function view(a: AgentState): AgentView {
  return {
    id: a.id,
    name: a.name,
    number: a.number,
    presence: a.presence,
    lastCallEndedAt: a.lastCallEndedAt,
    lastError: a.lastError,
  };
}

function stored(a: AgentState): StoredAgent {
  return {
    id: a.id,
    name: a.name,
    number: a.number,
    presence: a.presence === 'on-call' && a.busyWith ? 'available' : a.presence,
    lastCallEndedAt: a.lastCallEndedAt,
  };
}
