// "Join a team" in the desktop app: the host's address and the pairing code shown on the host, this
// teammate's name and phone number. Main pairs over TLS (pinning the host's certificate), keeps the
// token itself and switches this window to the host's board; this computer stops answering calls.
import { useState } from 'react';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';

export function JoinTeamForm() {
  const app = useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ address: '', code: '', name: '', number: '' });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  if (!open)
    return (
      <p className="join-team-intro">
        Someone else’s laptop answers your team’s number?{' '}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => setOpen(true)}
          data-testid="join-team-open"
        >
          Join a team
        </button>
      </p>
    );

  return (
    <form
      className="join-team"
      data-testid="join-team"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        app.client.call('team.join', form).then(
          (joined) => {
            setBusy(false);
            app.notices.add(
              `Joined the team of ${joined.hostName ?? joined.hostAddress}. This window now shows the host’s board; this computer no longer answers calls.`,
              'info',
            );
          },
          (err: unknown) => {
            setBusy(false);
            setError(plainError(err));
          },
        );
      }}
    >
      <h4>Join a team</h4>
      <p className="hint">
        On the host laptop: Settings → Team → <strong>Pairing code</strong>. While you are on a team, this
        computer does not answer calls itself; <strong>Leave team</strong> brings it back.
      </p>
      <label>
        Host address
        <input required placeholder="192.168.1.20:8443" autoComplete="off" {...field('address')} />
      </label>
      <label>
        Pairing code
        <input required placeholder="K7QM-2XPA" autoComplete="off" {...field('code')} />
      </label>
      <label>
        Your name
        <input required maxLength={80} {...field('name')} />
      </label>
      <label>
        Your phone number
        <input
          required
          type="tel"
          maxLength={32}
          placeholder="0712 345 678"
          aria-describedby="join-team-number-hint"
          {...field('number')}
        />
      </label>
      <p className="hint" id="join-team-number-hint">
        The number Take over rings: 07…, 01… or +254…; other countries with + and the country code.
      </p>
      {error && (
        <p role="alert" className="field-error" data-testid="join-team-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Joining…' : 'Join'}
      </button>{' '}
      <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
