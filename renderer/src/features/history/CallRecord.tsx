// One past call from the log: who, when, how it ended, the conversation, the reply latency of every
// turn, the timeline, what it cost, and export as JSON or CSV.
import { useEffect, useState } from 'react';
import type { CallDetail } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { outcomeLabel, reasonLabel } from '../../shared/calls/call-status';
import { ColumnChart } from '../../shared/components/charts/ColumnChart';
import { quantile } from '../../shared/components/charts/chart-scale';
import { Conversation } from '../../shared/components/Conversation';
import { Icon } from '../../shared/components/Icon';
import { Timeline } from '../../shared/components/Timeline';
import { VoicemailPlayer } from '../callbacks/VoicemailPlayer';
import {
  formatDateTime,
  formatDuration,
  formatKes,
  formatLatency,
  formatNumber,
} from '../../shared/format/format';
import { downloadText, mimeFor } from './download';
import { windowTimeZone } from './export-log';

const COMPONENT_LABELS: Readonly<Record<string, string>> = {
  'carrier-inbound': 'Phone line (in)',
  'carrier-outbound': 'Phone line (out)',
  ai: 'AI',
};

type Loaded =
  { status: 'loading' } | { status: 'ok'; detail: CallDetail } | { status: 'error'; message: string };

export function CallRecord({ callId }: { callId: string }) {
  const app = useApp();
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    app.client.call('history.detail', { callId }).then(
      (detail) => current && setState({ status: 'ok', detail }),
      (err: unknown) => current && setState({ status: 'error', message: plainError(err) }),
    );
    return () => {
      current = false;
    };
  }, [app, callId]);

  const exportAs = (format: 'json' | 'csv') => {
    app.client.call('history.export', { callId, format, timeZone: windowTimeZone() }).then(
      ({ filename, content }) => downloadText(filename, content, mimeFor(format)),
      (err: unknown) => app.notices.add(`Export failed: ${plainError(err)}`, 'error'),
    );
  };

  if (state.status === 'loading') return <div className="detail-loading">Loading the call…</div>;
  if (state.status === 'error') {
    return (
      <div className="detail-empty" role="alert">
        <p>{state.message}</p>
      </div>
    );
  }
  const { call, turns, timeline } = state.detail;
  const latencies = turns.filter((t) => t.speaker === 'agent' && t.latencyMs !== undefined);
  const values = latencies.map((t) => t.latencyMs!);
  const p50 = quantile(values, 0.5);
  const p95 = quantile(values, 0.95);
  const costs = Object.entries(call.costByComponent).filter(([, v]) => v > 0);
  return (
    <article className="record" aria-labelledby="record-title" data-testid="call-record">
      <header className="record-header">
        <a className="btn btn-quiet btn-compact back-link" href="#/history" aria-label="Back to the list">
          <Icon name="back" size={16} />
        </a>
        <div>
          <h2 id="record-title">{formatNumber(call.from)}</h2>
          <p className="record-sub">
            {formatDateTime(call.startedAt)} ·{' '}
            {call.durationMs !== undefined ? formatDuration(call.durationMs) : 'in progress'}
          </p>
        </div>
        <div className="record-export">
          <button type="button" className="btn btn-secondary btn-compact" onClick={() => exportAs('json')}>
            <Icon name="download" size={16} />
            <span>JSON</span>
          </button>
          <button type="button" className="btn btn-secondary btn-compact" onClick={() => exportAs('csv')}>
            <Icon name="download" size={16} />
            <span>CSV</span>
          </button>
        </div>
      </header>
      <dl className="facts">
        <div>
          <dt>Outcome</dt>
          <dd>
            <span className={`outcome outcome-${call.outcome ?? 'live'}`}>{outcomeLabel(call.outcome)}</span>
          </dd>
        </div>
        <div>
          <dt>Escalation</dt>
          <dd>{reasonLabel(call.escalationReason) ?? 'None'}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>{call.agentName ?? '—'}</dd>
        </div>
        <div>
          <dt>AI</dt>
          <dd>
            {call.provider ?? '—'}
            {call.model && <span className="fact-sub"> {call.model}</span>}
          </dd>
        </div>
        <div>
          <dt>Reply latency</dt>
          <dd>
            p50 {formatLatency(p50)} · p95 {formatLatency(p95)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {formatKes(call.costKesCents)}
            {costs.length > 0 && (
              <span className="fact-sub">
                {' '}
                ({costs.map(([k, v]) => `${COMPONENT_LABELS[k] ?? k} ${formatKes(v)}`).join(', ')})
              </span>
            )}
          </dd>
        </div>
      </dl>
      {call.voicemail && (
        <section className="record-section" aria-labelledby="voicemail-title">
          <h3 id="voicemail-title" className="pane-title">
            Voicemail
            {call.voicemail.calledBackAt !== undefined &&
              ` · called back ${formatDateTime(call.voicemail.calledBackAt)}`}
          </h3>
          <VoicemailPlayer
            callId={call.callId}
            recording={call.voicemail.recording}
            url={call.voicemail.url}
            durationS={call.voicemail.durationS}
          />
        </section>
      )}
      <section className="record-section" aria-labelledby="latency-title">
        <h3 id="latency-title" className="pane-title">
          Reply latency per turn
        </h3>
        {latencies.length === 0 ? (
          <p className="empty-note">No measured AI replies on this call.</p>
        ) : (
          <ColumnChart
            title="Reply latency per turn"
            columns={latencies.map((t, i) => ({
              label: `#${i + 1}`,
              value: t.latencyMs,
              tone: p95 !== undefined && t.latencyMs! >= p95 && latencies.length > 2 ? 'warn' : 'accent',
            }))}
            references={p50 !== undefined ? [{ label: 'p50', value: p50 }] : []}
            format={(v) => formatLatency(v)}
            height={160}
          />
        )}
      </section>
      <div className="call-panes">
        <section className="pane pane-transcript" aria-label="Conversation">
          <h3 className="pane-title">Conversation</h3>
          <Conversation lines={turns} follow={false} emptyText="No transcript was recorded for this call." />
        </section>
        <section className="pane pane-timeline" aria-label="Events">
          <h3 className="pane-title">Timeline</h3>
          <Timeline items={timeline} />
        </section>
      </div>
    </article>
  );
}
