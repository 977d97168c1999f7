// The team at a glance above the board: callers waiting in the queue and the longest wait, and every
// agent with their presence; "you" first (your own presence is changed in the top bar).
import type { Agent, QueueState } from '../../api/contract';
import { presenceLabel } from '../../shared/agents/presence-label';
import { formatDuration } from '../../shared/format/format';

export function TeamStrip({
  queue,
  agents,
  meId,
}: {
  queue: QueueState;
  agents: readonly Agent[];
  meId: string | null;
}) {
  const sorted = [...agents].sort((a, b) =>
    a.id === meId ? -1 : b.id === meId ? 1 : a.name.localeCompare(b.name),
  );
  const available = agents.filter((a) => a.presence === 'available').length;
  return (
    <div className="team-strip">
      <div
        className={`queue-box${queue.waiting > 0 ? ' queue-busy' : ''}`}
        data-testid="queue"
        aria-live="polite"
      >
        <span className="queue-count">{queue.waiting}</span>
        <span className="queue-text">
          {queue.waiting === 1 ? 'caller waiting' : 'callers waiting'}
          {queue.waiting > 0 && (
            <span className="queue-wait"> · longest {formatDuration(queue.longestWaitMs)}</span>
          )}
        </span>
      </div>
      <div className="agents-box" aria-label="Agents">
        <span className="agents-summary">
          {available} of {agents.length} available
        </span>
        <ul className="agent-chips">
          {sorted.map((a) => (
            <li
              key={a.id}
              className={`agent-chip presence-${a.presence}${a.lastError ? ' agent-problem' : ''}`}
              title={`${a.name}: ${presenceLabel(a.presence)}${a.lastError ? ` — ${a.lastError}` : ''}`}
            >
              <span className="presence-dot" aria-hidden="true" />
              {a.name}
              {a.id === meId && <span className="you"> (you)</span>}
              {a.lastError && (
                <span className="agent-warn" aria-hidden="true">
                  !
                </span>
              )}
              <span className="sr-only">
                : {presenceLabel(a.presence)}
                {a.lastError ? `. Problem: ${a.lastError}` : ''}
              </span>
            </li>
          ))}
          {agents.length === 0 && <li className="empty-inline">No agents yet — add them in Settings.</li>}
        </ul>
      </div>
    </div>
  );
}
