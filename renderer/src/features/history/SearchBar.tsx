// The top of the call log: the search box (/ focuses it), Filters with the number of filters in use,
// and Export… — the host's only (bridge/api/permissions.ts): a teammate's window leaves it out.
import { Icon } from '../../shared/components/Icon';

export function SearchBar({
  query,
  onQuery,
  filterCount,
  showFilters,
  onToggleFilters,
  onExport,
}: {
  query: string;
  onQuery: (query: string) => void;
  filterCount: number;
  showFilters: boolean;
  onToggleFilters: () => void;
  /** Absent in a teammate's window. */
  onExport: (() => void) | undefined;
}) {
  return (
    <form className="history-tools" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="search-box">
        <Icon name="search" size={16} />
        <span className="sr-only">Search what was said</span>
        <input
          id="history-search"
          type="search"
          placeholder="Search what was said…  ( / )"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          maxLength={200}
          aria-keyshortcuts="/"
        />
      </label>
      <button
        type="button"
        className={`btn btn-secondary btn-compact${filterCount > 0 ? ' btn-active' : ''}`}
        aria-expanded={showFilters}
        aria-controls="history-filters"
        onClick={onToggleFilters}
      >
        Filters{filterCount > 0 ? ` (${filterCount})` : ''}
      </button>
      {onExport && (
        <button
          type="button"
          className="btn btn-secondary btn-compact"
          aria-haspopup="dialog"
          onClick={onExport}
        >
          Export…
        </button>
      )}
    </form>
  );
}
