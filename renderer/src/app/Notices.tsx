// The notices corner: short confirmations and errors, announced to screen readers.
import { useStore } from '../shared/state/use-store';
import { useApp } from './app-context';
import { Icon } from '../shared/components/Icon';

export function Notices() {
  const app = useApp();
  const notices = useStore(app.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.message}</span>
          <button
            type="button"
            className="notice-close"
            aria-label="Dismiss"
            onClick={() => app.notices.dismiss(n.id)}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
