// A button for an action: its label, its shortcut shown and announced, disabled when it cannot run.
// Any context type fits (the window's ActionContext in the app), so shared/ knows nothing of app/.
import type { Action } from '../actions/action';
import { Icon, type IconName } from './Icon';

export function ActionButton<C>({
  action,
  ctx,
  icon,
  variant = 'secondary',
  compact = false,
}: {
  action: Action<C>;
  ctx: C;
  icon?: IconName;
  variant?: 'primary' | 'secondary' | 'danger' | 'quiet';
  compact?: boolean;
}) {
  const label = action.label(ctx);
  const hint = action.shortcut?.hint;
  return (
    <button
      type="button"
      className={`btn btn-${variant}${compact ? ' btn-compact' : ''}`}
      disabled={!action.enabled(ctx)}
      aria-keyshortcuts={
        action.shortcut
          ? action.shortcut.shift
            ? `Shift+${action.shortcut.key}`
            : action.shortcut.key
          : undefined
      }
      title={hint ? `${label} (${hint})` : label}
      data-action={action.id}
      onClick={() => void Promise.resolve(action.run(ctx))}
    >
      {icon && <Icon name={icon} size={16} />}
      <span>{label}</span>
      {hint && !compact && <kbd aria-hidden="true">{hint}</kbd>}
    </button>
  );
}
