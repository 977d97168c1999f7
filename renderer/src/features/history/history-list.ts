// The history list's pages: the first page for a set of filters, then the next by keyset cursor as
// the list scrolls. A newer query wins over answers to an older one.
import type { HistoryFilters, HistoryRow } from '../../api/contract';
import type { ConsoleClient } from '../../api/console-client';
import { plainError } from '../../api/plain-error';
import { ExternalStore } from '../../shared/state/external-store';

export interface HistoryListState {
  readonly rows: readonly HistoryRow[];
  readonly next?: string;
  readonly loading: boolean;
  readonly done: boolean;
  readonly error?: string;
}

export const PAGE_SIZE = 50;

export class HistoryList extends ExternalStore<HistoryListState> {
  private filters: HistoryFilters = {};
  private generation = 0;

  constructor(private readonly client: ConsoleClient) {
    super({ rows: [], loading: false, done: false });
  }

  load(filters: HistoryFilters): Promise<void> {
    this.filters = filters;
    this.generation++;
    this.set({ rows: [], loading: true, done: false });
    return this.fetch(undefined);
  }

  loadMore(): Promise<void> {
    const s = this.get();
    if (s.loading || s.done || !s.next) return Promise.resolve();
    this.set({ ...s, loading: true, error: undefined });
    return this.fetch(s.next);
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    try {
      const page = await this.client.call('history.list', {
        filters: this.filters,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      if (generation !== this.generation) return;
      const rows = cursor ? [...this.get().rows, ...page.rows] : page.rows;
      this.set({ rows, next: page.next, loading: false, done: !page.next });
    } catch (err) {
      if (generation !== this.generation) return;
      this.set({ ...this.get(), loading: false, error: plainError(err) });
    }
  }
}
