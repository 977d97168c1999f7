// The call log's filters as a form: dates, outcome, escalation reason, agent, caller and the slowest
// reply, and Clear filters. The form's values stay as typed (history-filters.ts turns them into filters).
import { useApp } from '../../app/app-context';
import { KNOWN_OUTCOMES, KNOWN_REASONS, outcomeLabel, reasonLabel } from '../../shared/calls/call-status';
import { useStore } from '../../shared/state/use-store';
import type { FilterForm } from './history-filters';

export function FilterFields({
  form,
  onChange,
  onClear,
}: {
  form: FilterForm;
  onChange: (patch: Partial<FilterForm>) => void;
  onClear: () => void;
}) {
  const app = useApp();
  const agents = useStore(app.stores.agents);
  return (
    <fieldset className="filters" id="history-filters">
      <legend className="sr-only">Filters</legend>
      <label className="field field-inline">
        <span className="field-label">From</span>
        <input type="date" value={form.fromDate} onChange={(e) => onChange({ fromDate: e.target.value })} />
      </label>
      <label className="field field-inline">
        <span className="field-label">To</span>
        <input type="date" value={form.toDate} onChange={(e) => onChange({ toDate: e.target.value })} />
      </label>
      <label className="field field-inline">
        <span className="field-label">Outcome</span>
        <select value={form.outcome} onChange={(e) => onChange({ outcome: e.target.value })}>
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
          onChange={(e) => onChange({ escalationReason: e.target.value })}
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
        <select value={form.agentId} onChange={(e) => onChange({ agentId: e.target.value })}>
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
          onChange={(e) => onChange({ caller: e.target.value })}
        />
      </label>
      <label className="field field-inline">
        <span className="field-label">Min. latency (ms)</span>
        <input
          type="number"
          min={0}
          step={100}
          value={form.minLatencyMs}
          onChange={(e) => onChange({ minLatencyMs: e.target.value })}
        />
      </label>
      <button type="button" className="btn btn-quiet btn-compact" onClick={onClear}>
        Clear filters
      </button>
    </fieldset>
  );
}
