// Callers who left a message, waiting to be called back: who, when, the message itself, and "Called
// back" to take them off the list. Refreshed whenever a message is left or marked.
import { useEffect, useState } from 'react';
import type { CallbackRow } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { formatDateTime, formatNumber } from '../../shared/format/format';
import { VoicemailPlayer } from './VoicemailPlayer';
import './callbacks.css';

export function CallbacksPanel() {
  const app = useApp();
  const [rows, setRows] = useState<readonly CallbackRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const load = () =>
      app.client.call('callbacks.list', {}).then(
        (list) => {
          if (!current) return;
          setRows(list);
          setError(null);
        },
        (err: unknown) => current && setError(plainError(err)),
      );
    void load();
    const off = app.client.on('callbacks.changed', () => void load());
    return () => {
      current = false;
      off();
    };
  }, [app]);
  const done = (callId: string) =>
    app.client.call('callback.done', { callId, done: true }).then(
      () => setRows((list) => list.filter((r) => r.callId !== callId)),
      (err: unknown) => app.notices.add(plainError(err), 'error'),
    );
  if (rows.length === 0 && !error) return null;
  return (
    <section className="callbacks" aria-labelledby="callbacks-title" data-testid="callbacks">
      <h2 className="group-title" id="callbacks-title">
        To call back <span className="group-count">{rows.length}</span>
      </h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ul className="callback-list">
        {rows.map((r) => (
          <li key={r.callId} className="callback">
            <div className="callback-head">
              <a href={`#/history/${encodeURIComponent(r.callId)}`} className="card-number">
                {formatNumber(r.from)}
              </a>
              <span className="fact">{formatDateTime(r.startedAt)}</span>
              <button type="button" className="btn btn-quiet btn-compact" onClick={() => void done(r.callId)}>
                Called back
              </button>
            </div>
            <VoicemailPlayer callId={r.callId} recording={r.recording} durationS={r.voicemailDurationS} />
          </li>
        ))}
      </ul>
    </section>
  );
}
