// "Test my setup", live: the app calls an agent's phone for real and shows what works — placing the
// call, the phone's audio reaching this computer and back, the carrier redirect (an accelerator the
// app uses only once it is proven), hanging up.
import { useState } from 'react';
import type { LiveCheckReport, LiveCheckStep } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { formatNumber } from '../../shared/format/format';
import { useStore } from '../../shared/state/use-store';

const STEP_LABEL: Readonly<Record<LiveCheckStep['id'], string>> = {
  call: 'Placing the call',
  answered: 'The phone’s audio reaches this computer',
  'audio-out': 'This computer’s audio reaches the phone',
  'audio-in': 'A voice from the phone',
  redirect: 'Carrier redirect (accelerator)',
  hangup: 'Hanging up',
};

const mark = (ok: boolean | null) => (ok === true ? '✓' : ok === false ? '✗' : '–');

export function LiveCheckSection() {
  const app = useApp();
  const agents = useStore(app.stores.agents);
  const [agentId, setAgentId] = useState('');
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<LiveCheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = agentId || agents[0]?.id || '';
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await app.client.call('setup.liveCheck', chosen ? { agentId: chosen } : {}));
    } catch (err) {
      setError(plainError(err));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="live-check" data-testid="live-check">
      <p className="field-help">
        A real call to a phone shows what only a live call can: that answered phones stream back to this
        computer, and whether your Sautikit account can move a live call (used to take this laptop out of the
        line when it can).
      </p>
      <div className="live-check-controls">
        {agents.length > 1 && (
          <label>
            Call{' '}
            <select value={chosen} onChange={(e) => setAgentId(e.target.value)}>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({formatNumber(a.number)})
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="btn btn-secondary"
          disabled={running || agents.length === 0}
          onClick={() => void run()}
          data-testid="live-check-run"
        >
          {running
            ? 'Calling… answer and say a few words'
            : agents.length === 1
              ? 'Call my phone to check'
              : 'Call to check'}
        </button>
      </div>
      {agents.length === 0 && <p className="field-help">Add an agent first (Settings → Agents).</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="setup-report" role="status" data-testid="live-check-report">
          <p className={report.ok ? 'hop-ok' : 'hop-failed'}>
            {report.ok
              ? `A live call to ${report.agentName} worked.`
              : `A live call to ${report.agentName} did not fully work.`}
          </p>
          <ul>
            {report.steps.map((s) => (
              <li key={s.id} className={s.ok === false ? 'hop-failed' : 'hop-ok'}>
                {mark(s.ok)} {STEP_LABEL[s.id]}: {s.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
