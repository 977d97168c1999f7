import { describe, expect, it } from 'vitest';
import {
  backAction,
  helpAction,
  NAV_ACTIONS,
  nextCallAction,
  presenceAction,
  previousCallAction,
  searchAction,
} from '../../../../renderer/src/app/app-actions';
import { liveCall } from '../fake-console';
import { me, testContext } from '../action-context';

const board = [liveCall({ callId: 'A' }), liveCall({ callId: 'B' }), liveCall({ callId: 'C' })];

describe('screen navigation', () => {
  it('each screen has its number key', async () => {
    const ctx = testContext();
    for (const a of NAV_ACTIONS) await a.run(ctx);
    expect(ctx.routes.map((r) => r.screen)).toEqual(['live', 'history', 'dashboard', 'settings', 'phone']);
    expect(NAV_ACTIONS.map((a) => a.shortcut?.key)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('moving through the live calls', () => {
  it('selects the first call, then the next, wrapping around', async () => {
    const none = testContext({ board });
    await nextCallAction.run(none);
    expect(none.routes).toEqual([{ screen: 'live', callId: 'A' }]);
    const atEnd = testContext({ board, call: board[2]!, route: { screen: 'live', callId: 'C' } });
    await nextCallAction.run(atEnd);
    await previousCallAction.run(atEnd);
    expect(atEnd.routes).toEqual([
      { screen: 'live', callId: 'A' },
      { screen: 'live', callId: 'B' },
    ]);
  });

  it('is off elsewhere and with no calls', () => {
    expect(nextCallAction.enabled(testContext({ board, route: { screen: 'history' } }))).toBe(false);
    expect(nextCallAction.enabled(testContext({ board: [] }))).toBe(false);
  });
});

describe('back, search, help', () => {
  it('closes an open call or record', async () => {
    const ctx = testContext({ route: { screen: 'history', callId: 'A' } });
    expect(backAction.enabled(ctx)).toBe(true);
    await backAction.run(ctx);
    expect(ctx.routes).toEqual([{ screen: 'history' }]);
    expect(backAction.enabled(testContext({ route: { screen: 'live' } }))).toBe(false);
  });

  it('search goes to History and focuses the box; help toggles the list', async () => {
    const ctx = testContext();
    await searchAction.run(ctx);
    await helpAction.run(ctx);
    expect(ctx.routes).toEqual([{ screen: 'history' }]);
    expect(ctx.opened).toEqual(['search', 'help']);
  });
});

describe('my presence', () => {
  it('toggles between available and away', async () => {
    const ctx = testContext({ me });
    ctx.fake.handle('agent.setPresence', ({ id, presence }) => ({ ...me, id, presence }));
    expect(presenceAction.label(ctx)).toBe('Go away');
    await presenceAction.run(ctx);
    const away = testContext({ me: { ...me, presence: 'away' } });
    away.fake.handle('agent.setPresence', ({ id, presence }) => ({ ...me, id, presence }));
    await presenceAction.run(away);
    expect(ctx.fake.argsOf('agent.setPresence')).toEqual([{ id: 'ag1', presence: 'away' }]);
    expect(away.fake.argsOf('agent.setPresence')).toEqual([{ id: 'ag1', presence: 'available' }]);
  });

  it('needs to know who I am, and explains failures', async () => {
    expect(presenceAction.enabled(testContext({ me: null }))).toBe(false);
    const ctx = testContext({ me });
    await presenceAction.run(ctx);
    expect(ctx.notes).toEqual(['error:agent.setPresence is not available']);
  });
});
