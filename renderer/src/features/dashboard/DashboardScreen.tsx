// Today at a glance and the last two weeks: calls, the share of all calls the AI resolved on its own
// (never escalated), escalations by reason, p50/p95 reply latency and cost in KES, as small charts.
import { useEffect, useState } from 'react';
import type { DailySummary } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { reasonLabel } from '../../shared/calls/call-status';
import { BarList } from '../../shared/components/charts/BarList';
import { ColumnChart } from '../../shared/components/charts/ColumnChart';
import { ShareRing } from '../../shared/components/charts/ShareRing';
import { formatKes, formatLatency } from '../../shared/format/format';
import { groupCalls } from '../../shared/calls/live-calls';
import { useStore } from '../../shared/state/use-store';
import { escalationTotals, lastDays, shortDay } from './dashboard-days';
import './dashboard.css';

const DAYS = 14;

type Loaded =
  | { status: 'loading' }
  | { status: 'ok'; days: readonly DailySummary[] }
  | { status: 'error'; message: string };

export function DashboardScreen() {
  const app = useApp();
  const connection = useStore(app.stores.connection);
  const calls = useStore(app.stores.calls);
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (connection !== 'open') return;
    let current = true;
    app.client.call('stats.daily', { days: DAYS }).then(
      (days) => current && setState({ status: 'ok', days }),
      (err: unknown) => current && setState({ status: 'error', message: plainError(err) }),
    );
    return () => {
      current = false;
    };
  }, [app, connection]);

  const groups = groupCalls(calls.byId);
  if (state.status === 'loading') return <p className="empty-note">Loading the numbers…</p>;
  if (state.status === 'error') {
    return (
      <p className="inline-error" role="alert">
        Could not load the numbers: {state.message}
      </p>
    );
  }
  const days = lastDays(state.days, Date.now(), DAYS);
  const today = days[days.length - 1]!;
  const todayEscalations = Object.values(today.escalationsByReason).reduce((a, b) => a + b, 0);
  // The share is of ALL today's calls (live and escalated ones are not resolved by the AI).
  const aiResolvedToday = Math.round(today.aiResolvedShare * today.calls);
  const reasons = escalationTotals(days).map((e) => ({ ...e, label: reasonLabel(e.label) ?? e.label }));
  return (
    <div className="dashboard">
      <section className="kpis" aria-label="Today">
        <div className="kpi">
          <span className="kpi-label">Calls today</span>
          <span className="kpi-value" data-testid="kpi-calls">
            {today.calls}
          </span>
          <span className="kpi-sub">
            {calls.byId.size} live now · {groups['needs-person'].length} need a person
          </span>
        </div>
        <div className="kpi kpi-ring">
          <ShareRing
            share={today.calls > 0 ? today.aiResolvedShare : undefined}
            label="Resolved by the AI, of all calls today"
          />
          <div>
            <span className="kpi-label">Resolved by the AI</span>
            <span className="kpi-sub" data-testid="kpi-ai-resolved">
              {aiResolvedToday} of {today.calls} {today.calls === 1 ? 'call' : 'calls'} today, no person
              needed
            </span>
          </div>
        </div>
        <div className="kpi">
          <span className="kpi-label">Escalations today</span>
          <span className="kpi-value">{todayEscalations}</span>
          <span className="kpi-sub">
            {reasonLabel(Object.entries(today.escalationsByReason).sort((a, b) => b[1] - a[1])[0]?.[0]) ??
              'none'}
          </span>
        </div>
        <div className="kpi">
          <span className="kpi-label">Reply latency today</span>
          <span className="kpi-value">{formatLatency(today.p50LatencyMs)}</span>
          <span className="kpi-sub">p50 · p95 {formatLatency(today.p95LatencyMs)}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">Cost today</span>
          <span className="kpi-value kpi-money">{formatKes(today.costKesCents)}</span>
          <span className="kpi-sub">phone line and AI</span>
        </div>
      </section>
      <div className="charts">
        <section className="panel" aria-labelledby="c-calls">
          <h2 id="c-calls" className="pane-title">
            Calls per day
          </h2>
          <ColumnChart
            title="Calls per day, last 14 days"
            columns={days.map((d) => ({ label: shortDay(d.day), value: d.calls }))}
            format={(v) => String(Math.round(v))}
            integer
            empty="No calls in the last 14 days yet."
          />
        </section>
        <section className="panel" aria-labelledby="c-reasons">
          <h2 id="c-reasons" className="pane-title">
            Escalations by reason <span className="pane-sub">last 14 days</span>
          </h2>
          <BarList
            title="Escalations by reason, last 14 days"
            items={reasons}
            empty="No escalations in the last 14 days."
          />
        </section>
        <section className="panel" aria-labelledby="c-latency">
          <h2 id="c-latency" className="pane-title">
            Reply latency <span className="pane-sub">p50 bars, p95 whiskers</span>
          </h2>
          <ColumnChart
            title="Reply latency per day: p50 with p95"
            columns={days.map((d) => ({
              label: shortDay(d.day),
              value: d.p50LatencyMs,
              whisker: d.p95LatencyMs,
            }))}
            format={(v) => formatLatency(v)}
            empty="No measured replies in the last 14 days yet."
          />
        </section>
        <section className="panel" aria-labelledby="c-cost">
          <h2 id="c-cost" className="pane-title">
            Cost per day <span className="pane-sub">KES</span>
          </h2>
          <ColumnChart
            title="Cost per day in KES"
            columns={days.map((d) => ({
              label: shortDay(d.day),
              value: d.costKesCents / 100,
              tone: 'muted',
            }))}
            format={(v) => v.toLocaleString('en-KE', { maximumFractionDigits: 2 })}
            empty="No costs in the last 14 days yet."
          />
        </section>
      </div>
    </div>
  );
}
