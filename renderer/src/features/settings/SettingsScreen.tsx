// Settings: the AI, what it says, when it hands off, the phone line, costs, and the team. Secrets are
// write-only (shown as set / not set), and the window says where they are kept. The core validates
// every field at once; each problem lands on its field and the save bar lists them all. Changes apply
// from the next call, no restart. A teammate's window shows them read-only: settings are the host
// laptop's to change. The screen holds the draft and saves it; each section and the save bar show it.
import { useEffect, useMemo, useState } from 'react';
import type { SettingsView } from '../../api/contract';
import { toApiError } from '../../api/console-error';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { useStore } from '../../shared/state/use-store';
import { AgentsEditor } from './AgentsEditor';
import { TeamPanel } from '../team/TeamPanel';
import { SaveBar } from './SaveBar';
import { changedValues, FIELDS, SECTIONS, toDraft, type Draft } from './settings-fields';
import { SettingsSection } from './SettingsSection';
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

  const change = (key: string, value: string | boolean) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (fieldErrors[key] !== undefined) setFieldErrors(({ [key]: _fixed, ...others }) => others);
  };
  const clear = (key: string, on: boolean) =>
    setCleared((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const discard = () => {
    setDraft(toDraft(view));
    setCleared(new Set());
    setFieldErrors({});
    setFormError(null);
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
          <SettingsSection
            key={section.id}
            section={section}
            view={view}
            provider={provider}
            draft={draft}
            cleared={cleared}
            fieldErrors={fieldErrors}
            locked={teammate}
            onChange={change}
            onClear={clear}
            onUseBuiltInInstructions={() =>
              setDraft((d) => ({ ...d, systemPrompt: view.builtInInstructions }))
            }
          />
        ))}
        {!teammate && (
          <SaveBar
            formError={formError}
            fieldErrors={fieldErrors}
            changeCount={changeCount}
            saving={saving}
            onDiscard={discard}
          />
        )}
      </form>
      <AgentsEditor />
      <TeamPanel />
    </div>
  );
}
