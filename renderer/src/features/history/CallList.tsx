// The call log's list, newest first: each call's number, time, outcome, reason, agent and figures,
// the next page loading as the end scrolls into view (or with Load more), and what went wrong in words.
import { useEffect, useRef } from 'react';
import type { HistoryFilters } from '../../api/contract';
import { isTestCall, outcomeLabel, reasonLabel } from '../../shared/calls/call-status';
import {
  formatDateTime,
  formatDuration,
  formatKes,
  formatLatency,
  formatNumber,
} from '../../shared/format/format';
import { useStore } from '../../shared/state/use-store';
import type { HistoryList } from './history-list';

export function CallList({
  list,
  filters,
  filterCount,
  selected,
}: {
  list: HistoryList;
  /** The filters the list was loaded with, for Try again. */
  filters: HistoryFilters;
  filterCount: number;
  selected: string | undefined;
}) {
  const page = useStore(list);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void list.loadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [list]);

  return (
    <>
      <ul className="rows" aria-label="Calls, newest first" data-testid="history-rows">
        {page.rows.map((r) => (
          <li key={r.callId}>
            <a
              className="row"
              href={`#/history/${encodeURIComponent(r.callId)}`}
              aria-current={r.callId === selected ? 'true' : undefined}
            >
              <span className="row-main">
                <span className="row-number">
                  {formatNumber(r.from)}
                  {isTestCall(r) && <span className="badge badge-test">Test</span>}
                </span>
                <span className="row-time">{formatDateTime(r.startedAt)}</span>
              </span>
              <span className="row-meta">
                <span className={`outcome outcome-${r.outcome ?? 'live'}`}>{outcomeLabel(r.outcome)}</span>
                {r.escalationReason && <span className="row-reason">{reasonLabel(r.escalationReason)}</span>}
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
          <button type="button" className="btn btn-quiet btn-compact" onClick={() => void list.load(filters)}>
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
  );
}
