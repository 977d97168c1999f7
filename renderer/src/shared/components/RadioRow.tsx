// One choice of a radio group as the console shows it: the button, its label and, where it helps, a hint.
import type { ReactNode } from 'react';

export interface RadioRowProps {
  readonly name: string;
  readonly checked: boolean;
  readonly onPick: () => void;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly value?: string;
}

export function RadioRow({ name, checked, onPick, label, hint, value }: RadioRowProps) {
  return (
    <label className="radio-row">
      <input type="radio" name={name} value={value} checked={checked} onChange={onPick} />
      <span>{label}</span>
      {hint !== undefined && (
        <>
          {' '}
          <small>{hint}</small>
        </>
      )}
    </label>
  );
}
