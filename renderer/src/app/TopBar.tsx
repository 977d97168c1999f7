// The bar above every screen: where you are, whether the window is connected, who you are and your
// presence, desktop alerts and the theme.
import { useState } from 'react';
import { presenceAction } from './app-actions';
import type { ActionContext } from './action-context';
import { presenceLabel } from '../shared/agents/presence-label';
import { Icon } from '../shared/components/Icon';
import { useStore } from '../shared/state/use-store';
import { useApp } from './app-context';
import type { Theme } from './app-model';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Not signed in',
  revoked: 'Access revoked',
  closed: 'Disconnected',
} as const;

const NEXT_THEME: Readonly<Record<Theme, Theme>> = { system: 'dark', dark: 'light', light: 'system' };

export function TopBar({ title, ctx }: { title: string; ctx: ActionContext }) {
  const app = useApp();
  const connection = useStore(app.stores.connection);
  const host = useStore(app.stores.link).host;
  const agents = useStore(app.stores.agents);
  const me = useStore(app.stores.me);
  const theme = useStore(app.theme);
  const [permission, setPermission] = useState(app.notifications?.permission ?? 'denied');
  return (
    <header className="topbar">
      <h1 className="screen-title">{title}</h1>
      <span className={`connection connection-${connection}`} role="status" data-testid="connection">
        <span className="connection-dot" aria-hidden="true" />
        {host && connection === 'open'
          ? `Connected to ${host.name}`
          : host && connection === 'reconnecting'
            ? 'Host lost — retrying…'
            : CONNECTION_TEXT[connection]}
      </span>
      <div className="topbar-end">
        {permission === 'default' && app.notifications && (
          <button
            type="button"
            className="btn btn-quiet btn-compact"
            onClick={() => void app.notifications!.requestPermission().then(setPermission)}
          >
            <Icon name="bell" size={16} />
            <span>Enable alerts</span>
          </button>
        )}
        <div className="me">
          {me.fixed && ctx.me ? (
            <span className="me-name">{ctx.me.name}</span>
          ) : agents.length === 0 ? null : (
            <label className="me-select">
              <span className="sr-only">I am</span>
              <select
                value={me.agentId ?? ''}
                onChange={(e) => app.stores.me.choose(e.target.value || null)}
                aria-label="I am"
                data-testid="me-select"
              >
                <option value="">Who are you?</option>
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {ctx.me && (
            <button
              type="button"
              className={`presence-toggle presence-${ctx.me.presence}`}
              onClick={() => void Promise.resolve(presenceAction.run(ctx))}
              title={`${presenceAction.label(ctx)} (P)`}
              aria-keyshortcuts="P"
              data-testid="presence-toggle"
            >
              <span className="presence-dot" aria-hidden="true" />
              {presenceLabel(ctx.me.presence)}
            </button>
          )}
        </div>
        <button
          type="button"
          className="btn btn-quiet btn-icon"
          onClick={() => app.theme.set(NEXT_THEME[theme])}
          aria-label={`Theme: ${theme}. Switch to ${NEXT_THEME[theme]}`}
          title={`Theme: ${theme}`}
        >
          <Icon name={theme === 'dark' ? 'moon' : 'sun'} />
        </button>
      </div>
    </header>
  );
}
