// One live call on the board: who is calling, what is happening, for how long, how fast the AI
// replies, and why it escalated. A call that needs a person stands out. Every live call can be taken
// from its card in one click: on this window's headset, or to my phone.
import type { LiveCall } from '../../api/contract';
import { releaseAction, takeOverAction, takeOverHereAction } from './call-actions';
import type { ActionContext } from '../../app/action-context';
import { isDemoAgent } from '../../shared/calls/ai-provider-label';
import { callStatus, canTakeOver, isTestCall, reasonLabel } from '../../shared/calls/call-status';
import { ActionButton } from '../../shared/components/ActionButton';
import { Duration } from '../../shared/components/Duration';
import { MiniLevels } from '../../shared/components/LevelMeter';
import { StatusPill } from '../../shared/components/StatusPill';
import { formatLatency, formatNumber } from '../../shared/format/format';
import type { AttentionKind } from '../../shared/calls/live-calls';
import type { TakeOverProgress } from './take-over';
import { wallClock } from '../../shared/state/ticker';
import { useStore } from '../../shared/state/use-store';

const NEW_BADGE_MS = 30_000;

export function CallCard({
  call,
  selected,
  attention,
  progress,
  ctx,
}: {
  call: LiveCall;
  selected: boolean;
  attention: AttentionKind | undefined;
  progress: TakeOverProgress | undefined;
  ctx: ActionContext;
}) {
  const now = useStore(wallClock);
  const status = callStatus(call);
  const reason = reasonLabel(call.escalationReason);
  const cardCtx: ActionContext = { ...ctx, call };
  // "New" is news for a short while; a call that needs a person stays marked until someone looks.
  const shown = attention === 'new' && now - call.startedAt > NEW_BADGE_MS ? undefined : attention;
  return (
    <article
      className={`card card-${status.tone}${selected ? ' card-selected' : ''}${shown ? ` card-attention card-${shown}` : ''}`}
      data-testid="call-card"
      data-call-id={call.callId}
      aria-label={`Call from ${call.callerName ?? formatNumber(call.from)}: ${status.label}`}
    >
      <div className="card-head">
        <a
          className="card-link"
          href={`#/live/${encodeURIComponent(call.callId)}`}
          aria-current={selected ? 'true' : undefined}
        >
          <span className="card-number">{formatNumber(call.from)}</span>
          {call.callerName && <span className="card-name">{call.callerName}</span>}
        </a>
        {isTestCall(call) && <span className="badge badge-test">Test call</span>}
        {isDemoAgent(call.provider) && (
          <span className="badge badge-demo" title="The built-in demo agent: a script, not a real AI">
            Demo agent
          </span>
        )}
        {shown && (
          <span className={`badge ${shown === 'new' ? 'badge-new' : 'badge-attention'}`}>
            {shown === 'new' ? 'New' : 'Needs a person'}
          </span>
        )}
        <Duration since={call.startedAt} label="Duration" />
      </div>
      <div className="card-body">
        <StatusPill call={call} />
        {call.lastLatencyMs !== undefined && (
          <span className="card-fact" title="Last reply latency">
            reply {formatLatency(call.lastLatencyMs)}
          </span>
        )}
        {reason && <span className="card-reason">{reason}</span>}
        <MiniLevels inboundDbfs={call.levels.inboundDbfs} outboundDbfs={call.levels.outboundDbfs} />
      </div>
      {progress && progress.stage !== 'connected' && (
        <p className={`card-progress card-progress-${progress.stage}`} role="status">
          {progress.message}
        </p>
      )}
      {ctx.headset.holds(call.callId) ? (
        <div className="card-actions">
          <span className="card-fact card-headset" role="status">
            On your headset
          </span>
          <ActionButton action={releaseAction} ctx={cardCtx} icon="hangup" compact />
        </div>
      ) : (
        canTakeOver(call) &&
        (!progress || progress.stage === 'failed') && (
          <div className="card-actions">
            <ActionButton
              action={takeOverHereAction}
              ctx={cardCtx}
              icon="headset"
              variant={status.group === 'needs-person' ? 'primary' : undefined}
              compact
            />
            <ActionButton action={takeOverAction} ctx={cardCtx} icon="phone" compact />
          </div>
        )
      )}
    </article>
  );
}
