// Take over for someone: pick the colleague (or yourself) whose phone should ring for this call.
// Choosing yourself here also remembers who you are in this browser. A teammate's window offers only
// their own phone (handing a call to someone else is the host's).
import { takeOverTo } from '../../features/live/call-actions';
import type { ActionContext } from '../action-context';
import { presenceLabel } from '../../shared/agents/presence-label';
import { Modal } from '../../shared/components/Modal';
import { formatNumber } from '../../shared/format/format';
import { useStore } from '../../shared/state/use-store';
import { useApp } from '../app-context';

export function PickAgentDialog({
  callId,
  ctx,
  onClose,
}: {
  callId: string;
  ctx: ActionContext;
  onClose: () => void;
}) {
  const app = useApp();
  const agents = useStore(app.stores.agents);
  const me = useStore(app.stores.me);
  const choices = ctx.teammate ? agents.filter((a) => a.id === me.agentId) : agents;
  const pick = (agentId: string, name: string) => {
    onClose();
    void takeOverTo(ctx, callId, agentId, agentId === me.agentId ? 'you' : name);
  };
  return (
    <Modal title="Whose phone should ring?" onClose={onClose}>
      {choices.length === 0 ? (
        <p>No agents yet. Add the team in Settings → Agents, with the number their phone answers.</p>
      ) : (
        <ul className="pick-list">
          {choices.map((a) => (
            <li key={a.id}>
              <button type="button" className="pick-item" onClick={() => pick(a.id, a.name)}>
                <span className={`presence-dot presence-${a.presence}`} aria-hidden="true" />
                <span className="pick-name">
                  {a.name}
                  {a.id === me.agentId && ' (you)'}
                </span>
                <span className="pick-number">{formatNumber(a.number)}</span>
                <span className="pick-presence">{presenceLabel(a.presence)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {!me.fixed && agents.length > 0 && !me.agentId && (
        <p className="field-help">
          Tip: choose who you are at the top right, and Take over will ring you directly.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
