// In place of every screen when a team host refused this window (revoked, or the pairing undone): what
// happened and what to do, with no reconnect loop behind it. A desktop teammate can leave the team here
// and get this computer's own console back.
import { useState } from 'react';
import { plainError } from '../api/plain-error';
import type { LinkNotice } from './state/link';
import { useApp } from './app-context';

export function AccessScreen({ notice }: { notice: Extract<LinkNotice, { kind: 'screen' }> }) {
  const app = useApp();
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="access" role="alert" aria-labelledby="access-title" data-testid="access-screen">
      <h2 id="access-title" className="access-title">
        {notice.title}
      </h2>
      <p>{notice.text}</p>
      <p className="access-note">Calls are not affected: the host keeps answering them.</p>
      {notice.leave && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            setError(null);
            app.client.call('team.leave', {}).then(
              () => undefined,
              (err: unknown) => {
                setLeaving(false);
                setError(plainError(err));
              },
            );
          }}
        >
          {leaving ? 'Leaving…' : 'Leave team'}
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
