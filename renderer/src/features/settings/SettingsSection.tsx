// One section of the settings form (the AI, the conversation, hand-offs, the phone line, costs,
// privacy): its title and intro, the facts and the key storage it names, and its fields — those of
// the chosen AI provider only. The screen holds the draft; this section shows it and reports changes.
import type { SettingsView } from '../../api/contract';
import { SettingField } from './SettingField';
import { FIELDS, secretStorageText, type Draft, type SECTIONS } from './settings-fields';

export function SettingsSection({
  section,
  view,
  provider,
  draft,
  cleared,
  fieldErrors,
  locked,
  onChange,
  onClear,
  onUseBuiltInInstructions,
}: {
  section: (typeof SECTIONS)[number];
  view: SettingsView;
  /** The AI provider chosen in the draft: its fields show, the other's do not. */
  provider: string;
  draft: Draft;
  cleared: ReadonlySet<string>;
  fieldErrors: Readonly<Record<string, string>>;
  /** A teammate's window: shown, not changed. */
  locked: boolean;
  onChange: (key: string, value: string | boolean) => void;
  onClear: (key: string, on: boolean) => void;
  onUseBuiltInInstructions: () => void;
}) {
  return (
    <section className="panel settings-section" aria-labelledby={`section-${section.id}`}>
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
              locked={locked}
              placeholder={f.key === 'systemPrompt' ? view.builtInInstructions : undefined}
              onChange={(v) => onChange(f.key, v)}
              onClear={(on) => onClear(f.key, on)}
            >
              {f.key === 'systemPrompt' && draft.systemPrompt === '' && !locked && (
                <button
                  type="button"
                  className="btn btn-quiet btn-compact field-action"
                  data-testid="use-built-in-instructions"
                  onClick={onUseBuiltInInstructions}
                >
                  Start from the built-in instructions
                </button>
              )}
            </SettingField>
          ),
        )}
      </div>
    </section>
  );
}
