// "Export…" from the history screen (the host only): the whole log or whole days from one date to
// another, as CSV for a spreadsheet or JSON, with the times in this window's time zone. The file
// comes part by part; the dialog counts the calls as they come and can stop.
import { useRef, useState } from 'react';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { Modal } from '../../shared/components/Modal';
import { RadioRow } from '../../shared/components/RadioRow';
import { downloadParts, mimeFor } from './download';
import { exportArgs, fetchExport, windowTimeZone, type ExportRange } from './export-log';

const DAY_MS = 86_400_000;

/** yyyy-mm-dd of a local time. */
function dateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

type Progress =
  { status: 'idle' } | { status: 'running'; calls: number } | { status: 'error'; message: string };

export function ExportDialog({
  onClose,
  fromDate,
  toDate,
}: {
  onClose: () => void;
  /** The dates the history is filtered by, if any: the range starts from them. */
  fromDate?: string;
  toDate?: string;
}) {
  const app = useApp();
  const today = dateInput(Date.now());
  const [kind, setKind] = useState<ExportRange['kind']>(fromDate || toDate ? 'days' : 'all');
  const [from, setFrom] = useState(fromDate || dateInput(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(toDate || today);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [progress, setProgress] = useState<Progress>({ status: 'idle' });
  const stopped = useRef(false);
  const timeZone = windowTimeZone();
  const range: ExportRange = kind === 'all' ? { kind } : { kind, fromDate: from, toDate: to };
  const request = exportArgs(range, format, timeZone);
  const running = progress.status === 'running';

  const close = () => {
    stopped.current = true;
    onClose();
  };
  const start = () => {
    if (!request.ok || running) return;
    stopped.current = false;
    setProgress({ status: 'running', calls: 0 });
    fetchExport(
      app.client,
      request.args,
      (calls) => !stopped.current && setProgress({ status: 'running', calls }),
      () => stopped.current,
    ).then(
      (file) => {
        if (!file) return;
        downloadParts(file.filename, file.parts, mimeFor(format));
        app.notices.add(`Exported ${file.calls.toLocaleString()} calls to ${file.filename}`, 'info');
        onClose();
      },
      (err: unknown) => !stopped.current && setProgress({ status: 'error', message: plainError(err) }),
    );
  };

  return (
    <Modal title="Export calls" onClose={close}>
      <form
        className="form export-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <fieldset className="export-choice" disabled={running}>
          <legend className="field-label">Calls</legend>
          <RadioRow
            name="export-range"
            checked={kind === 'all'}
            onPick={() => setKind('all')}
            label="The whole log"
          />
          <RadioRow
            name="export-range"
            checked={kind === 'days'}
            onPick={() => setKind('days')}
            label="From one day to another"
          />
          {kind === 'days' && (
            <div className="export-dates">
              <label className="field field-inline">
                <span className="field-label">From</span>
                <input type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label className="field field-inline">
                <span className="field-label">To</span>
                <input type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
              </label>
            </div>
          )}
        </fieldset>
        <fieldset className="export-choice" disabled={running}>
          <legend className="field-label">Format</legend>
          <RadioRow
            name="export-format"
            checked={format === 'csv'}
            onPick={() => setFormat('csv')}
            label="CSV"
            hint="one row per call, for a spreadsheet"
          />
          <RadioRow
            name="export-format"
            checked={format === 'json'}
            onPick={() => setFormat('json')}
            label="JSON"
            hint="every call with its conversation and timeline"
          />
        </fieldset>
        <p className="field-help">
          Times are written in {timeZone}, this computer’s time zone. The file holds callers’ numbers and
          words: keep it safe.
        </p>
        {!request.ok && (
          <p className="inline-error" role="alert">
            {request.problem}
          </p>
        )}
        {progress.status === 'error' && (
          <p className="inline-error" role="alert">
            Export failed: {progress.message}
          </p>
        )}
        {running && (
          <p className="field-help" role="status">
            Exporting… {progress.calls.toLocaleString()} calls so far
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={close}>
            {running ? 'Stop' : 'Cancel'}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!request.ok || running}>
            {running ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
