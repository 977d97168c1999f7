// The live board and the call in focus side by side: every live call grouped by who has it (needs a
// person / the AI / an agent), the queue and the team on top, the selected call's view on the right.
import type { LiveCall } from '../../api/contract';
import type { ActionContext } from '../../app/action-context';
import { useApp } from '../../app/app-context';
import { DemoAgentNote } from '../../shared/components/DemoAgentNote';
import { formatTime } from '../../shared/format/format';
import { groupCalls } from '../../shared/calls/live-calls';
import { useStore } from '../../shared/state/use-store';
import { CallbacksPanel } from '../callbacks/CallbacksPanel';
import { CallCard } from './CallCard';
import { CallView } from './CallView';
import { TeamStrip } from './TeamStrip';
import './live.css';

const GROUPS = [
  { key: 'needs-person', title: 'Needs a person', empty: 'Nobody is waiting for a person.' },
  { key: 'ai', title: 'AI is handling', empty: 'No calls with the AI right now.' },
  { key: 'with-agent', title: 'With an agent', empty: 'No calls with agents.' },
] as const;

export function LiveScreen({ ctx, callId }: { ctx: ActionContext; callId: string | undefined }) {
  const app = useApp();
  const calls = useStore(app.stores.calls);
  const queue = useStore(app.stores.queue);
  const agents = useStore(app.stores.agents);
  const me = useStore(app.stores.me);
  const takeOver = useStore(app.stores.takeOver);
  const staleSinceMs = useStore(app.stores.link).staleSinceMs;
  const status = useStore(app.stores.status);
  const groups = groupCalls(calls.byId);
  const total = calls.byId.size;
  return (
    <div className={`live${callId ? ' live-has-detail' : ''}`}>
      <section className={`board${staleSinceMs !== null ? ' board-stale' : ''}`} aria-label="Live calls">
        {staleSinceMs !== null && (
          <p className="stale-note" role="status" data-testid="board-stale">
            Not live since {formatTime(staleSinceMs)}: this is the board as it was then. It refreshes by
            itself when the connection is back.
          </p>
        )}
        <DemoAgentNote provider={status?.provider} />
        <TeamStrip queue={queue} agents={agents} meId={me.agentId} />
        <CallbacksPanel />
        {total === 0 ? (
          <div className="board-empty">
            <p className="board-empty-title">No live calls</p>
            <p>Calls appear here the moment they ring. Try one from the Test call screen.</p>
          </div>
        ) : (
          GROUPS.map((g) => {
            const list: readonly LiveCall[] = groups[g.key];
            if (list.length === 0 && g.key !== 'needs-person') return null;
            return (
              <section
                key={g.key}
                className={`board-group group-${g.key}`}
                aria-labelledby={`group-${g.key}`}
              >
                <h2 className="group-title" id={`group-${g.key}`}>
                  {g.title} <span className="group-count">{list.length}</span>
                </h2>
                {list.length === 0 ? (
                  <p className="empty-inline">{g.empty}</p>
                ) : (
                  <div className="cards">
                    {list.map((c) => (
                      <CallCard
                        key={c.callId}
                        call={c}
                        selected={c.callId === callId}
                        attention={calls.attention.get(c.callId)}
                        progress={takeOver.get(c.callId)}
                        ctx={ctx}
                      />
                    ))}
                  </div>
                )}
              </section>
            );
          })
        )}
      </section>
      <section className="detail" aria-label="Call in focus">
        {callId ? (
          <CallView key={callId} callId={callId} ctx={ctx} />
        ) : (
          <div className="detail-empty">
            <p className="detail-empty-title">Pick a call to see the conversation</p>
            <p>
              Use <kbd>J</kbd> and <kbd>K</kbd> to move between calls, <kbd>T</kbd> to take one over.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
