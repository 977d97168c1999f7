// One live call, in full: the conversation as it happens, both audio levels, the event timeline and
// the actions — Take over here (headset), Take over (my phone), Send to a colleague, Hand back, Listen
// in, Whisper to AI, Hang up.
import { useEffect, useState } from 'react';
import {
  hangUpAction,
  listenAction,
  releaseAction,
  takeOverAction,
  takeOverHereAction,
  takeOverPickAction,
  whisperAction,
} from './call-actions';
import type { ActionContext } from '../../app/action-context';
import { useApp } from '../../app/app-context';
import { aiProviderLabel } from '../../shared/calls/ai-provider-label';
import { outcomeLabel, reasonLabel } from '../../shared/calls/call-status';
import { ActionButton } from '../../shared/components/ActionButton';
import { Conversation } from '../../shared/components/Conversation';
import { Duration } from '../../shared/components/Duration';
import { Icon } from '../../shared/components/Icon';
import { LevelMeter } from '../../shared/components/LevelMeter';
import { StatusPill } from '../../shared/components/StatusPill';
import { Timeline } from '../../shared/components/Timeline';
import { formatDuration, formatLatency, formatNumber } from '../../shared/format/format';
import type { CallDetailStore } from '../../shared/calls/call-detail';
import { useStore } from '../../shared/state/use-store';
import { watchCall } from '../../shared/calls/watch-call';
import { TakeOverBanner } from './TakeOverBanner';

export function CallView({ callId, ctx }: { callId: string; ctx: ActionContext }) {
  const app = useApp();
  const [store, setStore] = useState<CallDetailStore | null>(null);
  useEffect(() => {
    const watched = watchCall(app.client, callId, app.stores.calls.get().ended.get(callId));
    setStore(watched.store);
    app.stores.calls.acknowledge(callId);
    return () => watched.dispose();
  }, [app, callId]);
  if (!store || store.callId !== callId) return <div className="detail-loading">Loading call…</div>;
  return <CallDetail store={store} ctx={ctx} />;
}

function CallDetail({ store, ctx }: { store: CallDetailStore; ctx: ActionContext }) {
  const app = useApp();
  const state = useStore(store);
  const progress = useStore(app.stores.takeOver).get(store.callId);
  const listen = useStore(app.listen);
  const headset = useStore(app.headset);
  const call = state.call;
  if (state.status === 'loading') return <div className="detail-loading">Loading call…</div>;
  if (!call) {
    return (
      <div className="detail-empty">
        <p>{state.error ?? 'This call is no longer live.'}</p>
        <a className="btn btn-secondary" href={`#/history/${encodeURIComponent(store.callId)}`}>
          Open it in History
        </a>
      </div>
    );
  }
  const live = state.status === 'live';
  const callCtx: ActionContext = { ...ctx, call: live ? call : null };
  const reason = reasonLabel(call.escalationReason);
  return (
    <article className="call-view" aria-labelledby="call-title" data-testid="call-view">
      <header className="call-header">
        <a className="btn btn-quiet btn-compact back-link" href="#/live" aria-label="Back to all calls">
          <Icon name="back" size={16} />
        </a>
        <div className="call-title-block">
          <h2 id="call-title">
            {call.callerName ?? formatNumber(call.from)}
            {call.callerName && <span className="call-sub"> {formatNumber(call.from)}</span>}
          </h2>
          <div className="call-facts">
            {live ? (
              <StatusPill call={call} />
            ) : (
              <span className="pill pill-neutral">Ended · {outcomeLabel(state.outcome)}</span>
            )}
            {live && <Duration since={call.startedAt} label="Duration" />}
            <span className="fact">AI: {aiProviderLabel(call.provider)}</span>
            <span className="fact">last reply {formatLatency(call.lastLatencyMs)}</span>
            {reason && <span className="card-reason">{reason}</span>}
          </div>
        </div>
        <div className="call-header-end">
          <ActionButton action={hangUpAction} ctx={callCtx} icon="hangup" variant="danger" compact />
        </div>
      </header>
      <div className="call-actions" role="toolbar" aria-label="Call actions">
        <ActionButton action={takeOverHereAction} ctx={callCtx} icon="headset" variant="primary" />
        <ActionButton action={takeOverAction} ctx={callCtx} icon="phone" />
        <ActionButton action={releaseAction} ctx={callCtx} icon="hangup" />
        <ActionButton action={takeOverPickAction} ctx={callCtx} icon="user" />
        <ActionButton action={listenAction} ctx={callCtx} icon="ear" />
        <ActionButton action={whisperAction} ctx={callCtx} icon="whisper" />
      </div>
      {listen.callId === store.callId && listen.status !== 'off' && (
        <p className={`listen-status listen-${listen.status}`} role="status">
          {listen.status === 'starting' && 'Connecting the call audio…'}
          {listen.status === 'on' &&
            `Listening in (${formatDuration(listen.receivedMs ?? 0)}): you hear the caller and the AI. They cannot hear you.`}
          {listen.status === 'error' && `Listen-in failed: ${listen.message}`}
        </p>
      )}
      {headset.callId === store.callId && headset.stage !== 'off' && (
        <div className={`headset-status headset-${headset.stage}`} role="status" data-testid="headset-status">
          <p>{headset.message}</p>
          {headset.stage === 'live' && (
            <div className="call-levels">
              <LevelMeter label="You" dbfs={headset.micDbfs} tone="ai" />
              <LevelMeter label="Caller" dbfs={headset.callerDbfs} tone="caller" />
            </div>
          )}
        </div>
      )}
      {progress && (
        <TakeOverBanner
          progress={progress}
          onDismiss={() => app.stores.takeOver.dispatch({ type: 'dismiss', callId: store.callId })}
        />
      )}
      {live && (
        <div className="call-levels">
          <LevelMeter label="Caller" dbfs={call.levels.inboundDbfs} tone="caller" />
          <LevelMeter
            label={call.phase === 'ai' ? 'AI' : call.phase === 'with-human' ? 'Agent' : 'Hold'}
            dbfs={call.levels.outboundDbfs}
            tone="ai"
          />
        </div>
      )}
      <div className="call-panes">
        <section className="pane pane-transcript" aria-label="Conversation">
          <h3 className="pane-title">Conversation</h3>
          <Conversation lines={state.transcript} emptyText="Waiting for the first words…" />
        </section>
        <section className="pane pane-timeline" aria-label="Events">
          <h3 className="pane-title">Timeline</h3>
          <Timeline items={state.timeline} />
        </section>
      </div>
    </article>
  );
}
