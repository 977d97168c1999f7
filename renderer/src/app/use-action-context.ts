// The ActionContext of this moment, rebuilt when anything an action looks at changes.
import { useMemo } from 'react';
import type { ActionContext } from './action-context';
import { boardOrder } from '../shared/calls/live-calls';
import { findMe } from './state/me';
import { isTeammateConsole } from './state/role';
import { useStore } from '../shared/state/use-store';
import { useApp } from './app-context';

export function useActionContext(): ActionContext {
  const app = useApp();
  const route = useStore(app.route);
  const calls = useStore(app.stores.calls);
  const agents = useStore(app.stores.agents);
  const meState = useStore(app.stores.me);
  const takeOverState = useStore(app.stores.takeOver);
  const listenState = useStore(app.listen);
  const headsetState = useStore(app.headset);
  const status = useStore(app.stores.status);
  const link = useStore(app.stores.link);
  return useMemo<ActionContext>(() => {
    const callId = route.screen === 'live' ? route.callId : undefined;
    return {
      client: app.client,
      route,
      navigate: (r) => app.route.navigate(r),
      call: callId ? (calls.byId.get(callId) ?? null) : null,
      board: boardOrder(calls.byId),
      me: findMe(agents, meState),
      teammate: isTeammateConsole(status, link),
      takeOver: app.stores.takeOver,
      listen: app.listen,
      headset: app.headset,
      ui: {
        openWhisper: (id) => app.dialogs.open({ kind: 'whisper', callId: id }),
        pickAgent: (id) => app.dialogs.open({ kind: 'pick-agent', callId: id }),
        confirm: (message, label) => app.dialogs.confirm(message, label),
        notify: (message, tone) => app.notices.add(message, tone),
        focusSearch: () => {
          // The search box may mount on this tick (navigating to History): look for it after render.
          setTimeout(() => document.getElementById('history-search')?.focus(), 0);
        },
        toggleHelp: () => app.dialogs.toggleHelp(),
      },
    };
    // takeOverState, listenState and headsetState change what enabled() and label() answer.
  }, [app, route, calls, agents, meState, takeOverState, listenState, headsetState, status, link]);
}
