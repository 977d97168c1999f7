// The team: each agent's name and the number their phone answers (where Take over and the hand-off
// ring), added, edited and removed here. The core validates numbers; its message shows on the row. In a
// teammate's window only their own row can be edited; adding and removing agents is the host's.
import { useState } from 'react';
import type { Agent } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { presenceLabel } from '../../shared/agents/presence-label';
import { Icon } from '../../shared/components/Icon';
import { formatNumber } from '../../shared/format/format';
import { useStore } from '../../shared/state/use-store';
import { AgentForm } from './AgentForm';

export function AgentsEditor() {
  const app = useApp();
  const agents = useStore(app.stores.agents);
  const me = useStore(app.stores.me);
  const teammate = useTeammate();
  const mayEdit = (a: Agent) => !teammate || a.id === me.agentId;
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const refresh = () =>
    app.client.call('agents.list', {}).then(
      (list) => app.stores.agents.set(list),
      () => undefined,
    );
  return (
    <section className="panel settings-section" aria-labelledby="section-agents">
      <h2 id="section-agents" className="pane-title">
        Agents
      </h2>
      <p className="section-intro">The people calls are handed to, and the number each one answers on.</p>
      <ul className="agent-rows" data-testid="agent-rows">
        {agents.map((a) =>
          editing === a.id ? (
            <li key={a.id}>
              <AgentForm
                agent={a}
                onDone={() => void refresh().then(() => setEditing(null))}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={a.id} className="agent-row">
              <span className={`presence-dot presence-${a.presence}`} aria-hidden="true" />
              <span className="agent-name">{a.name}</span>
              <span className="agent-number">{formatNumber(a.number)}</span>
              <span className="agent-presence">{presenceLabel(a.presence)}</span>
              {a.lastError && (
                <span className="agent-error" role="note">
                  {a.lastError}
                </span>
              )}
              {mayEdit(a) && (
                <button
                  type="button"
                  className="btn btn-quiet btn-compact"
                  onClick={() => setEditing(a.id)}
                  aria-label={`Edit ${a.name}`}
                >
                  Edit
                </button>
              )}
              {!teammate && (
                <button
                  type="button"
                  className="btn btn-quiet btn-compact"
                  aria-label={`Remove ${a.name}`}
                  onClick={() =>
                    void app.dialogs
                      .confirm(`Remove ${a.name} from the team? Calls will no longer ring them.`, 'Remove')
                      .then((ok) => {
                        if (!ok) return;
                        app.client.call('agent.remove', { id: a.id }).then(
                          () => void refresh(),
                          (err: unknown) => app.notices.add(plainError(err), 'error'),
                        );
                      })
                  }
                >
                  Remove
                </button>
              )}
            </li>
          ),
        )}
        {agents.length === 0 && editing !== 'new' && <li className="empty-note">No agents yet.</li>}
        {editing === 'new' && (
          <li>
            <AgentForm
              onDone={() => void refresh().then(() => setEditing(null))}
              onCancel={() => setEditing(null)}
            />
          </li>
        )}
      </ul>
      {editing !== 'new' && !teammate && (
        <button type="button" className="btn btn-secondary" onClick={() => setEditing('new')}>
          <Icon name="plus" size={16} />
          <span>Add an agent</span>
        </button>
      )}
    </section>
  );
}
