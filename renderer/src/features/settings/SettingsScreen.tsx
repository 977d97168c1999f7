// Settings: the AI, what it says, when it hands off, the phone line, costs, and the team. Secrets are
// write-only (shown as set / not set), and the window says where they are kept. The core validates
// every field at once; each problem lands on its field and the save bar lists them all. Changes apply
// from the next call, no restart. A teammate's window shows them read-only: settings are the host
// laptop's to change.
import { useEffect, useMemo, useState } from 'react';
import type { SettingsView } from '../../api/contract';
import { toApiError } from '../../api/console-error';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { useStore } from '../../shared/state/use-store';
import { AgentsEditor } from './AgentsEditor';
import { TeamPanel } from '../team/TeamPanel';
import { SettingField } from './SettingField';
import { changedValues, FIELDS, SECTIONS, secretStorageText, toDraft, type Draft } from './settings-fields';
import './settings.css';

type Loaded =
  { status: 'loading' } | { status: 'ok'; view: SettingsView } | { status: 'error'; message: string };

export function SettingsScreen() {
  const app = useApp();
  const connection = useStore(app.stores.connection);
  const teammate = useTeammate();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [draft, setDraft] = useState<Draft>({});
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (connection !== 'open') return;
    let current = true;
    app.client.call('settings.get', {}).then(
      (view) => {
        if (!current) return;
        setLoaded({ status: 'ok', view });
        setDraft(toDraft(view));
      },
      (err: unknown) => current && setLoaded({ status: 'error', message: plainError(err) }),
    );
    return () => {
      current = false;
    };
  }, [app, connection]);

  const changes = useMemo(
    () => (loaded.status === 'ok' ? changedValues(loaded.view, draft, cleared) : {}),
    [loaded, draft, cleared],
  );
  const changeCount = Object.keys(changes).length;

  if (loaded.status === 'loading') return <p className="empty-note">Loading settings…</p>;
  if (loaded.status === 'error') {
    return (
      <p className="inline-error" role="alert">
        Could not load the settings: {loaded.message}
      </p>
    );
  }
  const view = loaded.view;
  const provider = String(draft.aiProvider || view.provider);

  const save = async () => {
    setSaving(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const next = await app.client.call('settings.set', { values: changes });
      setLoaded({ status: 'ok', view: next });
      setDraft(toDraft(next));
      setCleared(new Set());
      app.notices.add('Settings saved. They apply from the next call.', 'info');
    } catch (err) {
      const e = toApiError(err);
      const fields = e.code === 'SETTINGS_INVALID' ? (e.fields ?? {}) : {};
      const shown = FIELDS.filter((f) => fields[f.key] !== undefined);
      if (shown.length > 0) {
        setFieldErrors(fields);
        document.getElementById(`setting-${shown[0]!.key}`)?.focus();
      }
      // Anything the form has no field for (or no field list at all) is said in words.
      const rest = Object.keys(fields).filter((k) => !FIELDS.some((f) => f.key === k));
      if (shown.length === 0 || rest.length > 0)
        setFormError(rest.length > 0 ? rest.map((k) => `${k}: ${fields[k]}`).join('; ') : plainError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="settings">
      <form
        className="settings-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (changeCount > 0 && !saving) void save();
        }}
      >
        {teammate && (
          <p className="settings-host-only" role="note" data-testid="settings-host-only">
            These are the host laptop’s settings: only the host can change them.
          </p>
        )}
        {SECTIONS.map((section) => (
          <section
            key={section.id}
            className="panel settings-section"
            aria-labelledby={`section-${section.id}`}
          >
            <h2 id={`section-${section.id}`} className="pane-title">
              {section.title}
            </h2>
            <p className="section-intro">{section.intro}</p>
            {section.id === 'sautikit' && (
              <p className="section-fact">
                Voice webhook: <code data-testid="webhook-url">{view.publicUrl}/voice</code>
              </p>
            )}
            {(section.id === 'ai' || section.id === 'sautikit') && (
              <p className="secret-storage" data-testid={`secret-storage-${section.id}`}>
                {secretStorageText(view.secretStorage)}
              </p>
            )}
            <div className="fields">
              {FIELDS.filter((f) => f.section === section.id && (!f.provider || f.provider === provider)).map(
                (f) => (
                  <SettingField
                    key={f.key}
                    field={f}
                    view={view}
                    value={draft[f.key] ?? ''}
                    cleared={cleared.has(f.key)}
                    error={fieldErrors[f.key]}
                    locked={teammate}
                    placeholder={f.key === 'systemPrompt' ? view.builtInInstructions : undefined}
                    onChange={(v) => {
                      setDraft((d) => ({ ...d, [f.key]: v }));
                      if (fieldErrors[f.key] !== undefined)
                        setFieldErrors(({ [f.key]: _fixed, ...others }) => others);
                    }}
                    onClear={(on) =>
                      setCleared((c) => {
                        const next = new Set(c);
                        if (on) next.add(f.key);
                        else next.delete(f.key);
                        return next;
                      })
                    }
                  >
                    {f.key === 'systemPrompt' && draft.systemPrompt === '' && !teammate && (
                      <button
                        type="button"
                        className="btn btn-quiet btn-compact field-action"
                        data-testid="use-built-in-instructions"
                        onClick={() => setDraft((d) => ({ ...d, systemPrompt: view.builtInInstructions }))}
                      >
                        Start from the built-in instructions
                      </button>
                    )}
                  </SettingField>
                ),
              )}
            </div>
          </section>
        ))}
        {!teammate && (
          <div className="save-bar" role="region" aria-label="Save settings">
            {formError && (
              <p className="inline-error" role="alert">
                {formError}
              </p>
            )}
            {Object.keys(fieldErrors).length > 0 && (
              <div className="inline-error" role="alert" data-testid="settings-error">
                <p>
                  Not saved:{' '}
                  {Object.keys(fieldErrors).length === 1
                    ? 'one setting needs fixing'
                    : `${Object.keys(fieldErrors).length} settings need fixing`}
                  .
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
              onClick={() => {
                setDraft(toDraft(view));
                setCleared(new Set());
                setFieldErrors({});
                setFormError(null);
              }}
            >
              Discard
            </button>
            <button type="submit" className="btn btn-primary" disabled={changeCount === 0 || saving}>
              {saving ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        )}
      </form>
      <AgentsEditor />
      <TeamPanel />
    </div>
  );
}
