// The window: navigation on the left, the current screen, dialogs and notices; keyboard shortcuts
// for every action; the page title counts the callers who need a person; a call log that is not being
// kept (a bad data folder, a read-only or full disk) is said in a banner, in the core's words.
import { useEffect, useMemo } from 'react';
import { APP_ACTIONS, SCREEN_LABELS } from './app-actions';
import { CALL_ACTIONS } from '../features/live/call-actions';
import { Icon, type IconName } from '../shared/components/Icon';
import { useStore } from '../shared/state/use-store';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { HistoryScreen } from '../features/history/HistoryScreen';
import { LiveScreen } from '../features/live/LiveScreen';
import { TestCallScreen } from '../features/phone/TestCallScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { linkNotice } from './state/link';
import { groupCalls } from '../shared/calls/live-calls';
import { AccessScreen } from './AccessScreen';
import { useApp } from './app-context';
import { Dialogs } from './dialogs/Dialogs';
import { Notices } from './Notices';
import { SCREENS, type Screen } from './route';
import { TopBar } from './TopBar';
import { useActionContext } from './use-action-context';
import { useShortcuts } from './use-shortcuts';
import { WebhookWarning } from './WebhookWarning';
import './app.css';

const ICONS: Readonly<Record<Screen, IconName>> = {
  live: 'live',
  history: 'history',
  dashboard: 'dashboard',
  settings: 'settings',
  phone: 'phone',
};

export function App() {
  const app = useApp();
  const ctx = useActionContext();
  const actions = useMemo(() => [...APP_ACTIONS, ...CALL_ACTIONS], []);
  useShortcuts(actions, ctx);
  const route = ctx.route;
  const calls = useStore(app.stores.calls);
  const theme = useStore(app.theme);
  const notice = linkNotice(useStore(app.stores.link));
  const status = useStore(app.stores.status);
  const waiting = groupCalls(calls.byId)['needs-person'].length;

  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Sauti Console` : 'Sauti Console';
  }, [waiting]);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="nav" aria-label="Screens">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          <span className="brand-name">Sauti Console</span>
        </div>
        <ul className="nav-list">
          {SCREENS.map((screen, i) => (
            <li key={screen}>
              <a
                className="nav-link"
                href={`#/${screen}`}
                aria-current={route.screen === screen ? 'page' : undefined}
                aria-keyshortcuts={String(i + 1)}
              >
                <Icon name={ICONS[screen]} />
                <span className="nav-label">{SCREEN_LABELS[screen]}</span>
                {screen === 'live' && waiting > 0 && (
                  <span className="nav-badge" aria-label={`${waiting} need a person`}>
                    {waiting}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="nav-link nav-help"
          onClick={() => app.dialogs.toggleHelp()}
          aria-keyshortcuts="?"
        >
          <Icon name="keyboard" />
          <span className="nav-label">Shortcuts</span>
        </button>
      </nav>
      <div className="main">
        <TopBar title={SCREEN_LABELS[route.screen]} ctx={ctx} />
        <WebhookWarning />
        {notice.kind === 'banner' && (
          <p
            className={`banner banner-${notice.tone}`}
            role={notice.tone === 'error' ? 'alert' : 'status'}
            data-testid="link-banner"
          >
            {notice.text}
          </p>
        )}
        {status && !status.storeOk && notice.kind !== 'screen' && (
          <p className="banner banner-warn" role="status" data-testid="store-banner">
            Call log: {status.storeError ?? 'it cannot be opened.'}
          </p>
        )}
        {notice.kind === 'screen' ? (
          <main id="main" className="screen screen-access" tabIndex={-1}>
            <AccessScreen notice={notice} />
          </main>
        ) : (
          <main id="main" className={`screen screen-${route.screen}`} tabIndex={-1}>
            {route.screen === 'live' && <LiveScreen ctx={ctx} callId={route.callId} />}
            {route.screen === 'history' && <HistoryScreen callId={route.callId} />}
            {route.screen === 'dashboard' && <DashboardScreen />}
            {route.screen === 'settings' && <SettingsScreen />}
            {route.screen === 'phone' && <TestCallScreen />}
          </main>
        )}
      </div>
      <Dialogs ctx={ctx} actions={actions} />
      <Notices />
    </div>
  );
}
