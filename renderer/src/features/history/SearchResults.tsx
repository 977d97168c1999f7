// What was said on any call that matches the search, as rows with the matching words marked; each
// opens its call's record.
import { formatDateTime, formatNumber } from '../../shared/format/format';
import { snippetParts } from './history-filters';
import type { SearchState } from './use-call-search';

export function SearchResults({
  state,
  selected,
  query,
}: {
  state: SearchState;
  selected: string | undefined;
  query: string;
}) {
  if (state.status === 'loading') return <p className="empty-note">Searching…</p>;
  if (state.status === 'error') {
    return (
      <p className="inline-error" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.status !== 'ok') return null;
  if (state.hits.length === 0)
    return <p className="empty-note">Nothing said on any call matches “{query}”.</p>;
  return (
    <ul className="rows" aria-label={`Search results for ${query}`} data-testid="search-hits">
      {state.hits.map((h, i) => (
        <li key={`${h.callId}:${i}`}>
          <a
            className="row row-hit"
            href={`#/history/${encodeURIComponent(h.callId)}`}
            aria-current={h.callId === selected ? 'true' : undefined}
          >
            <span className="row-main">
              <span className="row-number">{formatNumber(h.from)}</span>
              <span className="row-time">{formatDateTime(h.startedAt)}</span>
            </span>
            <span className="row-snippet">
              <span className="row-speaker">{h.speaker === 'caller' ? 'Caller' : 'AI'}:</span>{' '}
              {snippetParts(h.snippet).map((p, j) =>
                p.match ? <mark key={j}>{p.text}</mark> : <span key={j}>{p.text}</span>,
              )}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
