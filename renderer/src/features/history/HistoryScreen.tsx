// The call log: full-text search over what was said, filters, an endlessly scrolling list (keyset
// pages), and the chosen call's record beside it; the host exports the log from here. All of it comes
// from the local store: no network.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SearchHit } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import {
  isTestCall,
  KNOWN_OUTCOMES,
  KNOWN_REASONS,
  outcomeLabel,
  reasonLabel,
} from '../../shared/calls/call-status';
import { Icon } from '../../shared/components/Icon';
import {
  formatDateTime,
  formatDuration,
  formatKes,
  formatLatency,
  formatNumber,
} from '../../shared/format/format';
import { useStore } from '../../shared/state/use-store';
import { CallRecord } from './CallRecord';
import { ExportDialog } from './ExportDialog';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  snippetParts,
  toHistoryFilters,
  type FilterForm,
} from './history-filters';
import { HistoryList } from './history-list';
import './history.css';

const SEARCH_DEBOUNCE_MS = 250;

type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; hits: readonly SearchHit[] }
  | { status: 'error'; message: string };

export function HistoryScreen({ callId }: { callId: string | undefined }) {
  const app = useApp();
  const list = useMemo(() => new HistoryList(app.client), [app]);
  const page = useStore(list);
  const agents = useStore(app.stores.agents);
  const connection = useStore(app.stores.connection);
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  const [showFilters, setShowFilters] = useState(false);
  const [exporting, setExporting] = useState(false);
  // Exporting the log in bulk is the host's (bridge/api/permissions.ts): a teammate's window leaves it out.
  const teammate = useTeammate();
  const filters = useMemo(() => toHistoryFilters(form), [form]);
  const filterKey = JSON.stringify(filters);

  useEffect(() => {
    if (connection === 'open') void list.load(JSON.parse(filterKey));
  }, [list, filterKey, connection]);

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

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void list.loadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [list, search.status]);

  const set = (patch: Partial<FilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const filterCount = activeFilterCount(form);

  return (
    <div className={`history${callId ? ' history-has-detail' : ''}`}>
      <section className="history-list" aria-label="Calls">
        <form className="history-tools" role="search" onSubmit={(e) => e.preventDefault()}>
          <label className="search-box">
            <Icon name="search" size={16} />
            <span className="sr-only">Search what was said</span>
            <input
              id="history-search"
              type="search"
              placeholder="Search what was said…  ( / )"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              maxLength={200}
              aria-keyshortcuts="/"
            />
          </label>
          <button
            type="button"
            className={`btn btn-secondary btn-compact${filterCount > 0 ? ' btn-active' : ''}`}
            aria-expanded={showFilters}
            aria-controls="history-filters"
            onClick={() => setShowFilters((s) => !s)}
          >
            Filters{filterCount > 0 ? ` (${filterCount})` : ''}
          </button>
          {!teammate && (
            <button
              type="button"
              className="btn btn-secondary btn-compact"
              aria-haspopup="dialog"
              onClick={() => setExporting(true)}
            >
              Export…
            </button>
          )}
        </form>
        {exporting && (
          <ExportDialog
            onClose={() => setExporting(false)}
            fromDate={form.fromDate || undefined}
            toDate={form.toDate || undefined}
          />
        )}
        {showFilters && (
          <fieldset className="filters" id="history-filters">
            <legend className="sr-only">Filters</legend>
            <label className="field field-inline">
              <span className="field-label">From</span>
              <input type="date" value={form.fromDate} onChange={(e) => set({ fromDate: e.target.value })} />
            </label>
            <label className="field field-inline">
              <span className="field-label">To</span>
              <input type="date" value={form.toDate} onChange={(e) => set({ toDate: e.target.value })} />
            </label>
            <label className="field field-inline">
              <span className="field-label">Outcome</span>
              <select value={form.outcome} onChange={(e) => set({ outcome: e.target.value })}>
                <option value="">Any</option>
                {KNOWN_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {outcomeLabel(o)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span className="field-label">Escalation</span>
              <select
                value={form.escalationReason}
                onChange={(e) => set({ escalationReason: e.target.value })}
              >
                <option value="">Any</option>
                {KNOWN_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {reasonLabel(r)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span className="field-label">Agent</span>
              <select value={form.agentId} onChange={(e) => set({ agentId: e.target.value })}>
                <option value="">Anyone</option>
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span className="field-label">Caller</span>
              <input
                type="tel"
                value={form.caller}
                placeholder="+2547…"
                maxLength={40}
                onChange={(e) => set({ caller: e.target.value })}
              />
            </label>
            <label className="field field-inline">
              <span className="field-label">Min. latency (ms)</span>
              <input
                type="number"
                min={0}
                step={100}
                value={form.minLatencyMs}
                onChange={(e) => set({ minLatencyMs: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="btn btn-quiet btn-compact"
              onClick={() => setForm(EMPTY_FILTERS)}
            >
              Clear filters
            </button>
          </fieldset>
        )}
        {search.status !== 'idle' ? (
          <SearchResults state={search} selected={callId} query={query.trim()} />
        ) : (
          <>
            <ul className="rows" aria-label="Calls, newest first" data-testid="history-rows">
              {page.rows.map((r) => (
                <li key={r.callId}>
                  <a
                    className="row"
                    href={`#/history/${encodeURIComponent(r.callId)}`}
                    aria-current={r.callId === callId ? 'true' : undefined}
                  >
                    <span className="row-main">
                      <span className="row-number">
                        {formatNumber(r.from)}
                        {isTestCall(r) && <span className="badge badge-test">Test</span>}
                      </span>
                      <span className="row-time">{formatDateTime(r.startedAt)}</span>
                    </span>
                    <span className="row-meta">
                      <span className={`outcome outcome-${r.outcome ?? 'live'}`}>
                        {outcomeLabel(r.outcome)}
                      </span>
                      {r.escalationReason && (
                        <span className="row-reason">{reasonLabel(r.escalationReason)}</span>
                      )}
                      {r.agentName && <span className="row-agent">{r.agentName}</span>}
                    </span>
                    <span className="row-figures">
                      <span>{r.durationMs !== undefined ? formatDuration(r.durationMs) : 'live'}</span>
                      {r.p50LatencyMs !== undefined && <span>reply {formatLatency(r.p50LatencyMs)}</span>}
                      <span>{formatKes(r.costKesCents)}</span>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
            {page.error && (
              <p className="inline-error" role="alert">
                {page.error}{' '}
                <button
                  type="button"
                  className="btn btn-quiet btn-compact"
                  onClick={() => void list.load(filters)}
                >
                  Try again
                </button>
              </p>
            )}
            {!page.loading && !page.error && page.rows.length === 0 && (
              <p className="empty-note">
                {filterCount > 0 ? 'No calls match these filters.' : 'No calls logged yet.'}
              </p>
            )}
            <div ref={sentinel} className="list-end">
              {page.loading && <span>Loading…</span>}
              {!page.loading && !page.done && page.rows.length > 0 && (
                <button
                  type="button"
                  className="btn btn-secondary btn-compact"
                  onClick={() => void list.loadMore()}
                >
                  Load more
                </button>
              )}
            </div>
          </>
        )}
      </section>
      <section className="detail" aria-label="Call record">
        {callId ? (
          <CallRecord key={callId} callId={callId} />
        ) : (
          <div className="detail-empty">
            <p className="detail-empty-title">Pick a call to see its record</p>
            <p>Search finds any word said on any call, by the caller or the AI.</p>
          </div>
        )}
      </section>
    </div>
  );
}

function SearchResults({
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
