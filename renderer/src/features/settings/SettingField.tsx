// One setting as a labelled control, with its help and allowed range (the core's rules), its error
// from the core (announced and linked to the control), and for secrets a write-only box that says
// whether a value is set — and when an earlier version left it in plain text.
import type { ReactNode } from 'react';
import type { SettingsView } from '../../api/contract';
import { isFromEnv, rangeText, rateInUseText, type FieldDef } from './settings-fields';

export function SettingField({
  field,
  view,
  value,
  cleared,
  error,
  locked = false,
  placeholder,
  children,
  onChange,
  onClear,
}: {
  field: FieldDef;
  view: SettingsView;
  value: string | boolean;
  cleared: boolean;
  error: string | undefined;
  /** Shown but not changeable here (a teammate's window: settings are the host's). */
  locked?: boolean;
  /** Overrides the field's own placeholder (the built-in AI instructions). */
  placeholder?: string;
  /** Shown under the control (e.g. "Start from the built-in instructions"). */
  children?: ReactNode;
  onChange: (value: string | boolean) => void;
  onClear: (on: boolean) => void;
}) {
  const id = `setting-${field.key}`;
  const env = isFromEnv(view, field);
  const rule = view.rules[field.key];
  const range = field.kind === 'number' ? rangeText(rule) : '';
  const inUse = rateInUseText(view.ratesInUse?.[field.key], field.key);
  const help = [field.help, inUse, range].filter(Boolean).join(' ');
  const plainText = field.kind === 'secret' && view.plainTextSecrets.includes(field.key) && !cleared;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const describedBy =
    [help || env ? helpId : '', plainText ? warningId : '', error ? errorId : ''].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    name: field.key,
    disabled: env || locked,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  const isSet = view.secretsSet[field.key] === true && !cleared;

  let control;
  switch (field.kind) {
    case 'textarea':
      control = (
        <textarea
          {...common}
          rows={6}
          maxLength={rule?.maxLength}
          placeholder={placeholder ?? field.placeholder}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'list':
      control = (
        <textarea {...common} rows={4} value={String(value)} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'select':
      control = (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {(field.options ?? rule?.choices)?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = (
        <input
          {...common}
          type="number"
          inputMode="numeric"
          min={rule?.min}
          max={rule?.max}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
      break;
    case 'secret':
      control = (
        <div className="secret">
          <input
            {...common}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={String(value)}
            placeholder={isSet ? 'Set — type to replace' : 'Not set'}
            onChange={(e) => {
              onChange(e.target.value);
              if (e.target.value) onClear(false);
            }}
          />
          <span
            className={`secret-state ${isSet ? 'secret-set' : 'secret-unset'}`}
            data-testid={`secret-${field.key}`}
          >
            {cleared ? 'Will be removed' : isSet ? 'Set' : 'Not set'}
          </span>
          {view.secretsSet[field.key] && !env && !locked && (
            <button type="button" className="btn btn-quiet btn-compact" onClick={() => onClear(!cleared)}>
              {cleared ? 'Keep' : 'Remove'}
            </button>
          )}
        </div>
      );
      break;
    default:
      control = (
        <input
          {...common}
          type="text"
          maxLength={rule?.maxLength}
          placeholder={placeholder ?? field.placeholder}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }

  return (
    <div className={`field${field.kind === 'boolean' ? ' field-check' : ''}${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {field.label}
      </label>
      {control}
      {children}
      {(help || env) && (
        <span className="field-help" id={helpId}>
          {env ? `Set by the environment variable ${field.env}; change it there.` : help}
        </span>
      )}
      {plainText && (
        <span className="field-warning" id={warningId} role="note" data-testid={`plain-text-${field.key}`}>
          An earlier version saved this key in plain text in settings.json. It still works: type it again (or
          set {field.env} in the environment), or press Remove to delete it from the file.
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
