// Settings: the AI, what it says, when it hands off, the phone line, costs, and the team. Secrets are
// write-only (shown as set / not set). The core validates; its message lands on the field it names.
// Changes apply from the next call, no restart. A teammate's window shows them read-only: settings are
// the host laptop's to change.
import { useEffect, useMemo, useState } from 'react';
import type { SettingsView } from '../../api/contract';
import { toApiError } from '../../api/console-error';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { useStore } from '../../state/use-store';
import { AgentsEditor } from './AgentsEditor';
import { TeamPanel } from '../../team/TeamPanel';
import { SettingField } from './SettingField';
import { changedValues, FIELDS, fieldOfError, SECTIONS, toDraft, type Draft } from './settings-fields';

type Loaded =
  { status: 'loading' } | { status: 'ok'; view: SettingsView } | { status: 'error'; message: string };

export function SettingsScreen() {
  const app = useApp();
  const connection = useStore(app.stores.connection);
  const teammate = useTeammate();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [draft, setDraft] = useState<Draft>({});
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const [fieldError, setFieldError] = useState<{ key: string; text: string } | null>(null);
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
    setFieldError(null);
    setFormError(null);
    try {
      const next = await app.client.call('settings.set', { values: changes });
      setLoaded({ status: 'ok', view: next });
      setDraft(toDraft(next));
      setCleared(new Set());
      app.notices.add('Settings saved. They apply from the next call.', 'info');
    } catch (err) {
      const e = toApiError(err);
      const field = e.code === 'SETTINGS_INVALID' ? fieldOfError(e.message) : null;
      if (field) {
        setFieldError(field);
        document.getElementById(`setting-${field.key}`)?.focus();
      } else setFormError(plainError(err));
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
            <div className="fields">
              {FIELDS.filter((f) => f.section === section.id && (!f.provider || f.provider === provider)).map(
                (f) => (
                  <SettingField
                    key={f.key}
                    field={f}
                    view={view}
                    value={draft[f.key] ?? ''}
                    cleared={cleared.has(f.key)}
                    error={fieldError?.key === f.key ? fieldError.text : undefined}
                    locked={teammate}
                    onChange={(v) => {
                      setDraft((d) => ({ ...d, [f.key]: v }));
                      if (fieldError?.key === f.key) setFieldError(null);
                    }}
                    onClear={(on) =>
                      setCleared((c) => {
                        const next = new Set(c);
                        if (on) next.add(f.key);
                        else next.delete(f.key);
                        return next;
                      })
                    }
                  />
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
            {fieldError && (
              <p className="inline-error" role="alert" data-testid="settings-error">
                Not saved: {FIELDS.find((f) => f.key === fieldError.key)?.label} — {fieldError.text}
              </p>
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
                setFieldError(null);
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
