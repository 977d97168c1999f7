// Which agent this window belongs to. Electron's core knows it (status.agentId); in browser mode the
// agent picks themselves once and the choice is kept in this browser.
import type { Agent } from '../../api/contract';
import { ExternalStore } from '../../shared/state/external-store';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const STORAGE_KEY = 'sauti.meAgentId';

export interface MeState {
  readonly agentId: string | null;
  /** True when the core decided (Electron identity): the window cannot change it. */
  readonly fixed: boolean;
}

export class MeStore extends ExternalStore<MeState> {
  constructor(private readonly storage: KeyValueStorage | null) {
    super({ agentId: storage?.getItem(STORAGE_KEY) ?? null, fixed: false });
  }

  /**
   * The core's identity for this console, when it has one. Without one (the desktop app left a team
   * and shows its own console again) the window's own choice comes back.
   */
  fromStatus(agentId: string | undefined): void {
    if (agentId) this.set({ agentId, fixed: true });
    else if (this.get().fixed)
      this.set({ agentId: this.storage?.getItem(STORAGE_KEY) ?? null, fixed: false });
  }

  choose(agentId: string | null): void {
    if (this.get().fixed) return;
    if (agentId) this.storage?.setItem(STORAGE_KEY, agentId);
    else this.storage?.removeItem(STORAGE_KEY);
    this.set({ agentId, fixed: false });
  }
}

/**
 * The agent this window is: the one it chose (or the core gave it), else — in a one-agent app — that
 * one agent, known without asking "Who are you?".
 */
export function findMe(agents: readonly Agent[], me: MeState): Agent | null {
  if (!me.agentId) return agents.length === 1 ? agents[0]! : null;
  return agents.find((a) => a.id === me.agentId) ?? null;
}
