// Settings → Public URL, number and team → 3. Team: on a teammate's window, whose team this is and (in
// the desktop app) Leave team; on the host, hosting on this network, single-use pairing codes, the
// teammates with Revoke, and — in the desktop app — joining another laptop's team instead.
import { useState } from 'react';
import type { PairingCodeView, TeamView } from '../../api/contract';
import { useApp } from '../../app/app-context';
import { useStore } from '../../shared/state/use-store';
import { JoinTeamForm } from './JoinTeamForm';
import type { CommandRunner } from './use-command-runner';

export function TeamSection({
  team,
  onTeam,
  runner,
}: {
  team: TeamView | null;
  /** A command answered with the team as it is now (shown at once; team.changed follows). */
  onTeam: (team: TeamView) => void;
  runner: CommandRunner;
}) {
  const app = useApp();
  const { busy, run } = runner;
  const link = useStore(app.stores.link);
  const [code, setCode] = useState<PairingCodeView | null>(null);

  return (
    <>
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
                  (t) => t && onTeam(t),
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
                      (v) => v && onTeam(v),
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
    </>
  );
}
