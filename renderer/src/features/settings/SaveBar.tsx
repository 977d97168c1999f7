// The bar under the settings form: what did not save and why (every field the core named, and anything
// it said without a field), how many changes wait, Discard and Save changes (the form's submit).
import { FIELDS } from './settings-fields';

export function SaveBar({
  formError,
  fieldErrors,
  changeCount,
  saving,
  onDiscard,
}: {
  formError: string | null;
  fieldErrors: Readonly<Record<string, string>>;
  changeCount: number;
  saving: boolean;
  onDiscard: () => void;
}) {
  const errorCount = Object.keys(fieldErrors).length;
  return (
    <div className="save-bar" role="region" aria-label="Save settings">
      {formError && (
        <p className="inline-error" role="alert">
          {formError}
        </p>
      )}
      {errorCount > 0 && (
        <div className="inline-error" role="alert" data-testid="settings-error">
          <p>
            Not saved: {errorCount === 1 ? 'one setting needs fixing' : `${errorCount} settings need fixing`}.
          </p>
          <ul>
            {FIELDS.filter((f) => fieldErrors[f.key] !== undefined).map((f) => (
              <li key={f.key}>
                {f.label} — {fieldErrors[f.key]}
              </li>
            ))}
          </ul>
        </div>
      )}
      <span className="save-count">
        {changeCount === 0
          ? 'No unsaved changes'
          : `${changeCount} unsaved change${changeCount === 1 ? '' : 's'}`}
      </span>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={changeCount === 0 || saving}
        onClick={onDiscard}
      >
        Discard
      </button>
      <button type="submit" className="btn btn-primary" disabled={changeCount === 0 || saving}>
        {saving ? 'Saving…' : 'Save changes'}
      </button>
    </div>
  );
}
