// Adds or edits one agent: a name and the number their phone answers, saved with agent.save. The core
// checks the number (07…, 01…, +254…, or + and a country code); its message shows under the form.
import { useState } from 'react';
import type { Agent } from '../../api/contract';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';

export function AgentForm({
  agent,
  onDone,
  onCancel,
}: {
  agent?: Agent;
  onDone: () => void;
  onCancel: () => void;
}) {
  const app = useApp();
  const [name, setName] = useState(agent?.name ?? '');
  const [number, setNumber] = useState(agent?.number ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const prefix = agent ? `agent-${agent.id}` : 'agent-new';
  return (
    <form
      className="agent-form"
      aria-label={agent ? `Edit ${agent.name}` : 'New agent'}
      onSubmit={(e) => {
        e.preventDefault();
        setSaving(true);
        setError(null);
        app.client
          .call('agent.save', {
            ...(agent ? { id: agent.id } : {}),
            name: name.trim(),
            number: number.trim(),
          })
          .then(
            () => {
              setSaving(false);
              onDone();
            },
            (err: unknown) => {
              setSaving(false);
              setError(plainError(err));
            },
          );
      }}
    >
      <label className="field field-inline" htmlFor={`${prefix}-name`}>
        <span className="field-label">Name</span>
        <input
          id={`${prefix}-name`}
          value={name}
          maxLength={80}
          required
          autoFocus
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="field field-inline" htmlFor={`${prefix}-number`}>
        <span className="field-label">Phone number</span>
        <input
          id={`${prefix}-number`}
          type="tel"
          value={number}
          maxLength={32}
          required
          placeholder="0712 345 678"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${prefix}-error` : `${prefix}-number-hint`}
          onChange={(e) => setNumber(e.target.value)}
        />
      </label>
      <span className="field-help" id={`${prefix}-number-hint`}>
        07…, 01… or +254…; other countries with + and the country code.
      </span>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-compact" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary btn-compact"
          disabled={saving || !name.trim() || !number.trim()}
        >
          {saving ? 'Saving…' : 'Save agent'}
        </button>
      </div>
      {error && (
        <p className="field-error" id={`${prefix}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
