// Settings → Public URL, number and team (issue 8): choose how Sautikit reaches this laptop and see the
// tunnel's state in plain words, test the setup hop by hop, point a number here (asking first when it
// routes elsewhere), and host a team: pairing codes, teammates, revoke — or, in the desktop app, join
// another laptop's team and leave it again.
import { useEffect, useState } from 'react';
import type { PairingCodeView, TeamView, TunnelProviderChoice, TunnelView } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useStore } from '../../shared/state/use-store';
import { JoinTeamForm } from './JoinTeamForm';
import { NumbersSection } from './NumbersSection';
import { LiveCheckSection } from './LiveCheckSection';
import { SetupReportView } from './SetupReportView';
import './team.css';

const PROVIDERS: readonly { id: TunnelProviderChoice; label: string; hint: string }[] = [
  {
    id: 'cloudflare',
    label: 'Cloudflare quick tunnel',
    hint: 'No account. The URL changes each start; the app follows it.',
  },
  { id: 'ngrok', label: 'ngrok', hint: 'Paste your authtoken; add your reserved domain for a fixed URL.' },
  { id: 'own-url', label: 'My own URL', hint: 'A reverse proxy or server your team already has.' },
  { id: 'none', label: 'None', hint: 'Sautikit cannot reach this computer.' },
];

export function TeamPanel() {
  const app = useApp();
  const [tunnel, setTunnel] = useState<TunnelView | null>(null);
  const [team, setTeam] = useState<TeamView | null>(null);
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const link = useStore(app.stores.link);
  const [form, setForm] = useState<{
    provider: TunnelProviderChoice;
    ngrokAuthtoken: string;
    ngrokDomain: string;
    ownUrl: string;
  }>({
    provider: 'none',
    ngrokAuthtoken: '',
    ngrokDomain: '',
    ownUrl: '',
  });

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(plainError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void app.client.call('tunnel.get', {}).then(
      (t) => {
        setTunnel(t);
        setForm((f) => ({
          ...f,
          provider: t.provider,
          ngrokDomain: t.ngrokDomain ?? '',
          ownUrl: t.ownUrl ?? '',
        }));
      },
      () => undefined,
    );
    void app.client.call('team.get', {}).then(setTeam, () => undefined);
    const offs = [app.client.on('tunnel.changed', setTunnel), app.client.on('team.changed', setTeam)];
    return () => offs.forEach((off) => off());
  }, [app.client]);

  const testSetup = async () => {
    setTesting(true);
    const report = await run(() => app.client.call('tunnel.test', {}));
    setTesting(false);
    // Shown at once; the tunnel.changed that carries it to every window may come before or after.
    if (report)
      setTunnel((t) =>
        t && (!t.lastTest || t.lastTest.testedAtMs <= report.testedAtMs) ? { ...t, lastTest: report } : t,
      );
  };

  const host = !team?.you;
  return (
    <section className="panel settings-section" aria-labelledby="section-team" data-testid="team-panel">
      <h2 id="section-team" className="pane-title">
        Public URL, number and team
      </h2>
      {error && (
        <p role="alert" className="field-error" data-testid="team-error">
          {error}
        </p>
      )}

      <h3>1. Public URL</h3>
      <p data-testid="tunnel-status" className={`tunnel-state tunnel-${tunnel?.state ?? 'off'}`}>
        {tunnel?.message ?? '…'}
      </p>
      {host && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              app.client.call('tunnel.set', {
                provider: form.provider,
                ...(form.ngrokAuthtoken ? { ngrokAuthtoken: form.ngrokAuthtoken } : {}),
                ngrokDomain: form.ngrokDomain,
                ...(form.provider === 'own-url' ? { ownUrl: form.ownUrl } : {}),
              }),
            ).then((t) => t && setTunnel(t));
          }}
        >
          {PROVIDERS.map((p) => (
            <label key={p.id} className="radio-row">
              <input
                type="radio"
                name="tunnel-provider"
                value={p.id}
                checked={form.provider === p.id}
                onChange={() => setForm({ ...form, provider: p.id })}
              />
              <span>{p.label}</span> <small>{p.hint}</small>
            </label>
          ))}
          {form.provider === 'ngrok' && (
            <>
              <label>
                ngrok authtoken {tunnel?.ngrokAuthtokenSet ? '(set — paste to replace)' : ''}
                <input
                  type="password"
                  autoComplete="off"
                  value={form.ngrokAuthtoken}
                  onChange={(e) => setForm({ ...form, ngrokAuthtoken: e.target.value })}
                />
              </label>
              <label>
                Reserved domain (optional)
                <input
                  value={form.ngrokDomain}
                  placeholder="desk.ngrok.app"
                  onChange={(e) => setForm({ ...form, ngrokDomain: e.target.value })}
                />
              </label>
            </>
          )}
          {form.provider === 'own-url' && (
            <label>
              Your public URL
              <input
                value={form.ownUrl}
                placeholder="https://calls.example.co.ke"
                onChange={(e) => setForm({ ...form, ownUrl: e.target.value })}
              />
            </label>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Use this
          </button>{' '}
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy}
            data-testid="test-setup"
            onClick={() => void testSetup()}
          >
            Test my setup
          </button>
        </form>
      )}
      <SetupReportView report={tunnel?.lastTest} testing={testing} />
      {host && <LiveCheckSection />}

      <NumbersSection host={host} />

      <h3>3. Team</h3>
      {team?.you ? (
        <div data-testid="teammate-of">
          <p>
            You are on the team of <strong>{link.host?.name ?? 'the host'}</strong> as {team.you.name}: Take
            over rings your phone. Calls are answered on the host.
          </p>
          {link.via === 'relay' && (
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() =>
                void run(() => app.client.call('team.leave', {})).then(
                  (left) =>
                    left &&
                    app.notices.add('You left the team. This computer shows its own console again.', 'info'),
                )
              }
            >
              Leave team
            </button>
          )}
        </div>
      ) : (
        <>
          {team?.problem && (
            <p role="alert" className="field-error team-problem" data-testid="team-problem">
              {team.problem}
            </p>
          )}
          <label className="radio-row">
            <input
              type="checkbox"
              checked={team?.hosting ?? false}
              onChange={(e) =>
                void run(() => app.client.call('team.setHosting', { on: e.target.checked })).then(
                  (t) => t && setTeam(t),
                )
              }
            />{' '}
            Host a team on this network
          </label>
          {team?.hosting && (
            <>
              <button
                type="button"
                className="btn btn-secondary"
                data-testid="pairing-code"
                onClick={() =>
                  void run(() => app.client.call('team.pairingCode', {})).then((c) => c && setCode(c))
                }
              >
                Pairing code
              </button>
              {code && (
                <dl className="pairing-code-box" data-testid="pairing-code-view">
                  <dt>Pairing code</dt>
                  <dd>
                    <strong className="pairing-code">{code.code}</strong> · single use, expires at{' '}
                    {new Date(code.expiresAtMs).toLocaleTimeString([], {
                      hour: '2-digit',
                      minute: '2-digit',
                    })}
                  </dd>
                  <dt>Host address</dt>
                  <dd>
                    {code.addresses.join(' or ')} — in a browser: https://{code.addresses[0]}/join
                  </dd>
                  <dt>Certificate fingerprint</dt>
                  <dd>
                    <code>{code.fingerprint}</code>
                  </dd>
                </dl>
              )}
            </>
          )}
          <ul className="teammate-rows">
            {team?.teammates.map((t) => (
              <li key={t.agentId}>
                <span
                  className={`presence-dot ${t.online ? 'presence-available' : 'presence-away'}`}
                  aria-hidden="true"
                />{' '}
                <strong>{t.name}</strong> <span className="teammate-number">{t.number}</span>{' '}
                <span className="teammate-online">{t.online ? 'window open' : 'not connected'}</span>{' '}
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() =>
                    void run(() => app.client.call('team.revoke', { agentId: t.agentId })).then(
                      (v) => v && setTeam(v),
                    )
                  }
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
          {link.via === 'desktop' && !team?.hosting && <JoinTeamForm />}
        </>
      )}
    </section>
  );
}
