// A small store for state React does not own (live calls, transcript lines arriving at speech rate):
// an immutable snapshot and subscribers. Components read it through useSyncExternalStore (use-store.ts);
// tests read it with get() and no DOM.

export interface ReadableStore<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

export class ExternalStore<T> implements ReadableStore<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.value = initial;
  }

  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const fn of [...this.listeners]) fn();
  }

  update(change: (previous: T) => T): void {
    this.set(change(this.value));
  }
}
