// Full-text search over what was said on every call, as the person types: debounced, and an answer to
// an older query never replaces a newer one. An empty query is idle (the list shows instead).
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';

const SEARCH_DEBOUNCE_MS = 250;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; hits: readonly SearchHit[] }
  | { status: 'error'; message: string };

export function useCallSearch(query: string): SearchState {
  const app = useApp();
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setSearch({ status: 'idle' });
      return;
    }
    setSearch({ status: 'loading' });
    let current = true;
    const t = setTimeout(() => {
      app.client.call('history.search', { query: q, limit: 100 }).then(
        (hits) => current && setSearch({ status: 'ok', hits }),
        (err: unknown) => current && setSearch({ status: 'error', message: plainError(err) }),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [app, query]);
  return search;
}
