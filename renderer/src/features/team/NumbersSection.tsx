// Settings → 2. Your number: the workspace's numbers and where each routes, "Answer this number here"
// (asking first when it routes elsewhere) and "Stop answering here". A list that could not load says
// why with a Retry; with no Sautikit key yet it points at the key field above on this same screen,
// and loads again by itself once the settings are saved.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NumberView } from '../../api/contract';
import { toApiError } from '../../api/console-error';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useCommandRunner } from './use-command-runner';

type Numbers =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly list: readonly NumberView[] }
  | { readonly status: 'error'; readonly code: string; readonly message: string };

/** The id of the Sautikit API key field on the settings screen (SettingField: `setting-<key>`). */
const KEY_FIELD_ID = 'setting-sautikitApiKey';

export function NumbersSection({ host }: { host: boolean }) {
  const app = useApp();
  const [numbers, setNumbers] = useState<Numbers>({ status: 'loading' });
  const [confirm, setConfirm] = useState<{ id: string; currentVoiceUrl: string } | null>(null);
  // Its own runner: a number's command fails here, beside the numbers.
  const { busy, error, run } = useCommandRunner();
  const failed = useRef(false);
  useEffect(() => {
    failed.current = numbers.status === 'error';
  }, [numbers]);

  const load = useCallback(() => {
    setNumbers({ status: 'loading' });
    return app.client.call('numbers.list', {}).then(
      (list) => setNumbers({ status: 'ok', list }),
      (err: unknown) => {
        const e = toApiError(err);
        setNumbers({ status: 'error', code: e.code, message: plainError(err) });
      },
    );
  }, [app.client]);

  useEffect(() => {
    void load();
    const offs = [
      app.client.on('numbers.changed', () => void load()),
      // Saving settings (a new Sautikit key) is announced as a status change: try again then.
      app.client.on('status.changed', () => {
        if (failed.current) void load();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [app.client, load]);

  const answer = async (id: string, confirmed: boolean) => {
    const res = await run(() => app.client.call('number.answerHere', { id, confirm: confirmed }));
    if (!res) return;
    if (res.status === 'confirm') setConfirm({ id, currentVoiceUrl: res.currentVoiceUrl });
    else {
      setConfirm(null);
      await load();
    }
  };

  return (
    <>
      <h3>2. Your number</h3>
      {error && (
        <p role="alert" className="field-error" data-testid="numbers-action-error">
          {error}
        </p>
      )}
      {numbers.status === 'loading' ? (
        <p data-testid="numbers-loading">Loading numbers…</p>
      ) : numbers.status === 'error' ? (
        <div className="numbers-error" role="alert" data-testid="numbers-error">
          {numbers.code === 'NUMBERS_NO_KEY' ? (
            <p>
              Your numbers show here once this app has your Sautikit API key: enter it under{' '}
              <strong>Phone line (Sautikit)</strong> above and save.{' '}
              {host && (
                <button
                  type="button"
                  className="btn btn-quiet btn-compact"
                  onClick={() => {
                    const field = document.getElementById(KEY_FIELD_ID);
                    field?.scrollIntoView({ block: 'center' });
                    field?.focus();
                  }}
                >
                  Go to the key
                </button>
              )}
            </p>
          ) : (
            <p>Could not load your numbers: {numbers.message}</p>
          )}
          <button type="button" className="btn btn-secondary" onClick={() => void load()}>
            Retry
          </button>
        </div>
      ) : numbers.list.length === 0 ? (
        <p>No numbers in this Sautikit workspace yet.</p>
      ) : (
        <ul className="number-rows" data-testid="number-rows">
          {numbers.list.map((n) => (
            <li key={n.id} className="number-row">
              <strong>{n.number}</strong>{' '}
              <span>
                {n.routesHere ? 'answers here' : n.voiceUrl ? `routes to ${n.voiceUrl}` : 'routes nowhere'}
              </span>{' '}
              {host &&
                (n.answeredHere ? (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={busy}
                    onClick={() =>
                      void run(() => app.client.call('number.stopAnswering', { id: n.id })).then(() => load())
                    }
                  >
                    Stop answering here
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={busy}
                    onClick={() => void answer(n.id, false)}
                  >
                    Answer this number here
                  </button>
                ))}
              {confirm?.id === n.id && (
                <span role="alertdialog" aria-label="Confirm taking the number">
                  {' '}
                  It answers at {confirm.currentVoiceUrl} now (another laptop or app). Take it over?{' '}
                  <button type="button" className="btn btn-danger" onClick={() => void answer(n.id, true)}>
                    Yes, answer here
                  </button>{' '}
                  <button type="button" className="btn btn-secondary" onClick={() => setConfirm(null)}>
                    Cancel
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
