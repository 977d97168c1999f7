// Window-wide actions: go to a screen, move through the live calls, go back, search, my presence, help.
import { plainError } from '../api/plain-error';
import type { Screen } from './route';
import type { Action } from '../shared/actions/action';
import type { ActionContext } from './action-context';

const SCREEN_LABELS: Readonly<Record<Screen, string>> = {
  live: 'Live calls',
  history: 'History',
  dashboard: 'Dashboard',
  settings: 'Settings',
  phone: 'Test call',
};

function goTo(screen: Screen, key: string): Action<ActionContext> {
  return {
    id: `nav.${screen}`,
    label: () => SCREEN_LABELS[screen],
    shortcut: { key, hint: key },
    enabled: () => true,
    run: (ctx) => ctx.navigate({ screen } as never),
  };
}

export const NAV_ACTIONS = [
  goTo('live', '1'),
  goTo('history', '2'),
  goTo('dashboard', '3'),
  goTo('settings', '4'),
  goTo('phone', '5'),
] as const;

export { SCREEN_LABELS };

function moveSelection(ctx: ActionContext, step: 1 | -1): void {
  if (ctx.board.length === 0) return;
  const at = ctx.call ? ctx.board.findIndex((c) => c.callId === ctx.call!.callId) : -1;
  const next =
    at < 0 ? (step === 1 ? 0 : ctx.board.length - 1) : (at + step + ctx.board.length) % ctx.board.length;
  ctx.navigate({ screen: 'live', callId: ctx.board[next]!.callId });
}

export const nextCallAction: Action<ActionContext> = {
  id: 'board.next',
  label: () => 'Next call',
  shortcut: { key: 'j', hint: 'J' },
  enabled: (ctx) => ctx.route.screen === 'live' && ctx.board.length > 0,
  run: (ctx) => moveSelection(ctx, 1),
};

export const previousCallAction: Action<ActionContext> = {
  id: 'board.previous',
  label: () => 'Previous call',
  shortcut: { key: 'k', hint: 'K' },
  enabled: (ctx) => ctx.route.screen === 'live' && ctx.board.length > 0,
  run: (ctx) => moveSelection(ctx, -1),
};

export const backAction: Action<ActionContext> = {
  id: 'nav.back',
  label: () => 'Close',
  shortcut: { key: 'Escape', hint: 'Esc' },
  enabled: (ctx) =>
    (ctx.route.screen === 'live' || ctx.route.screen === 'history') && Boolean(ctx.route.callId),
  run: (ctx) => {
    if (ctx.route.screen === 'live' || ctx.route.screen === 'history')
      ctx.navigate({ screen: ctx.route.screen });
  },
};

export const searchAction: Action<ActionContext> = {
  id: 'history.search',
  label: () => 'Search history',
  shortcut: { key: '/', hint: '/' },
  enabled: () => true,
  run: (ctx) => {
    if (ctx.route.screen !== 'history') ctx.navigate({ screen: 'history' });
    ctx.ui.focusSearch();
  },
};

export const presenceAction: Action<ActionContext> = {
  id: 'presence.toggle',
  label: (ctx) => (ctx.me?.presence === 'available' ? 'Go away' : 'Become available'),
  shortcut: { key: 'p', hint: 'P' },
  enabled: (ctx) => ctx.me !== null,
  run: async (ctx) => {
    const me = ctx.me;
    if (!me) return;
    const presence = me.presence === 'available' ? 'away' : 'available';
    try {
      await ctx.client.call('agent.setPresence', { id: me.id, presence });
    } catch (err) {
      ctx.ui.notify(plainError(err), 'error');
    }
  },
};

export const helpAction: Action<ActionContext> = {
  id: 'help.toggle',
  label: () => 'Keyboard shortcuts',
  shortcut: { key: '?', shift: true, hint: '?' },
  enabled: () => true,
  run: (ctx) => ctx.ui.toggleHelp(),
};

export const APP_ACTIONS = [
  ...NAV_ACTIONS,
  nextCallAction,
  previousCallAction,
  backAction,
  searchAction,
  presenceAction,
  helpAction,
] as const;
