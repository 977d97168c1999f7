// Settings → Public URL, number and team → 1. Public URL: how Sautikit reaches this laptop (a tunnel, your
// own URL, or none) with the tunnel's state in plain words, "Test my setup" hop by hop, and — on the host
// — the live check that calls a phone.
import { useEffect, useState } from 'react';
import type { TunnelProviderChoice, TunnelView } from '../../api/contract';
import { useApp } from '../../app/app-context';
import { RadioRow } from '../../shared/components/RadioRow';
import { LiveCheckSection } from './LiveCheckSection';
import { SetupReportView } from './SetupReportView';
import type { CommandRunner } from './use-command-runner';

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

export function PublicUrlSection({ host, runner }: { host: boolean; runner: CommandRunner }) {
  const app = useApp();
  const { busy, run } = runner;
  const [tunnel, setTunnel] = useState<TunnelView | null>(null);
  const [testing, setTesting] = useState(false);
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
    return app.client.on('tunnel.changed', setTunnel);
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

  return (
    <>
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
            <RadioRow
              key={p.id}
              name="tunnel-provider"
              value={p.id}
              checked={form.provider === p.id}
              onPick={() => setForm({ ...form, provider: p.id })}
              label={p.label}
              hint={p.hint}
            />
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
    </>
  );
}
