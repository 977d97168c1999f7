// The call log: full-text search over what was said, filters, an endlessly scrolling list (keyset
// pages), and the chosen call's record beside it; the host exports the log from here. All of it comes
// from the local store: no network. The screen holds what its parts share — the filters as typed, the
// query, the list's pages — and lays the parts out.
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { useStore } from '../../shared/state/use-store';
import { CallList } from './CallList';
import { CallRecord } from './CallRecord';
import { ExportDialog } from './ExportDialog';
import { FilterFields } from './FilterFields';
import { activeFilterCount, EMPTY_FILTERS, toHistoryFilters, type FilterForm } from './history-filters';
import { HistoryList } from './history-list';
import { SearchBar } from './SearchBar';
import { SearchResults } from './SearchResults';
import { useCallSearch } from './use-call-search';
import './history.css';

export function HistoryScreen({ callId }: { callId: string | undefined }) {
  const app = useApp();
  const list = useMemo(() => new HistoryList(app.client), [app]);
  const connection = useStore(app.stores.connection);
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS);
  const [query, setQuery] = useState('');
  const search = useCallSearch(query);
  const [showFilters, setShowFilters] = useState(false);
  const [exporting, setExporting] = useState(false);
  // Exporting the log in bulk is the host's (bridge/api/permissions.ts): a teammate's window leaves it out.
  const teammate = useTeammate();
  const filters = useMemo(() => toHistoryFilters(form), [form]);
  const filterKey = JSON.stringify(filters);

  // The list keeps its pages while a search is shown, and reloads when the filters or the link change.
  useEffect(() => {
    if (connection === 'open') void list.load(JSON.parse(filterKey));
  }, [list, filterKey, connection]);

  const filterCount = activeFilterCount(form);

  return (
    <div className={`history${callId ? ' history-has-detail' : ''}`}>
      <section className="history-list" aria-label="Calls">
        <SearchBar
          query={query}
          onQuery={setQuery}
          filterCount={filterCount}
          showFilters={showFilters}
          onToggleFilters={() => setShowFilters((s) => !s)}
          onExport={teammate ? undefined : () => setExporting(true)}
        />
        {exporting && (
          <ExportDialog
            onClose={() => setExporting(false)}
            fromDate={form.fromDate || undefined}
            toDate={form.toDate || undefined}
          />
        )}
        {showFilters && (
          <FilterFields
            form={form}
            onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
            onClear={() => setForm(EMPTY_FILTERS)}
          />
        )}
        {search.status !== 'idle' ? (
          <SearchResults state={search} selected={callId} query={query.trim()} />
        ) : (
          <CallList list={list} filters={filters} filterCount={filterCount} selected={callId} />
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
