import { describe, expect, it } from 'vitest';
import type { Agent, QueueState, StatusView } from '../../../../../renderer/src/api/contract';
import type { TransportStatus } from '../../../../../renderer/src/api/transport';
import { ExternalStore } from '../../../../../renderer/src/shared/state/external-store';
import { LinkStore } from '../../../../../renderer/src/app/state/link';
import { LiveCallsStore } from '../../../../../renderer/src/shared/calls/live-calls';
import { startLiveSync, type LiveStores } from '../../../../../renderer/src/app/state/live-sync';
import { MeStore } from '../../../../../renderer/src/app/state/me';
import { TakeOverStore } from '../../../../../renderer/src/features/live/take-over';
import { FakeConsole, liveCall, settle } from '../../fake-console';

const wanjiru: Agent = { id: 'ag1', name: 'Wanjiru', number: '+254711000001', presence: 'available' };

function stores(): LiveStores {
  return {
    connection: new ExternalStore<TransportStatus>('connecting'),
    link: new LinkStore('connecting', { now: () => 1_000 }),
    calls: new LiveCallsStore(),
    agents: new ExternalStore<readonly Agent[]>([]),
    queue: new ExternalStore<QueueState>({ waiting: 0, longestWaitMs: 0 }),
    status: new ExternalStore<StatusView | null>(null),
    takeOver: new TakeOverStore(),
    me: new MeStore(null),
  };
}

function serving(c: FakeConsole, calls = [liveCall({ callId: 'A' })]) {
  return c
    .handle('calls.list', () => calls)
    .handle('agents.list', () => [wanjiru])
    .handle('queue.get', () => ({ waiting: 2, longestWaitMs: 61_000 }))
    .handle('status.get', () => ({
      version: '1',
      publicUrl: 'http://x',
      provider: 'gemini',
      storeOk: true,
      agentId: 'ag1',
    }));
}

describe('startLiveSync', () => {
  it('loads the snapshots when connected and again after every reconnect', async () => {
    const c = serving(new FakeConsole());
    c.status = 'connecting';
    const s = stores();
    startLiveSync(c, s, () => undefined);
    expect(c.sent).toHaveLength(0);
    c.setStatus('open');
    await settle();
    expect(s.calls.get().byId.has('A')).toBe(true);
    expect(s.agents.get()).toEqual([wanjiru]);
    expect(s.queue.get().waiting).toBe(2);
    expect(s.me.get()).toEqual({ agentId: 'ag1', fixed: true });
    expect(s.connection.get()).toBe('open');
    c.setStatus('reconnecting');
    expect(s.connection.get()).toBe('reconnecting');
    c.setStatus('open');
    await settle();
    expect(c.argsOf('calls.list')).toHaveLength(2);
  });

  it('resyncs a teammate’s board after the host comes back, and marks it stale meanwhile', async () => {
    let calls = [liveCall({ callId: 'A' }), liveCall({ callId: 'B' })];
    const c = new FakeConsole()
      .handle('calls.list', () => calls)
      .handle('agents.list', () => [wanjiru])
      .handle('queue.get', () => ({ waiting: calls.length, longestWaitMs: 0 }))
      .handle('status.get', () => ({
        version: '1',
        publicUrl: 'http://x',
        provider: 'gemini',
        storeOk: true,
        agentId: 'ag1',
        hostName: 'amina-laptop',
      }));
    const s = stores();
    startLiveSync(c, s, () => undefined);
    await settle();
    expect(s.link.get()).toMatchObject({ host: { name: 'amina-laptop' }, staleSinceMs: null });
    c.setStatus('reconnecting');
    expect(s.link.get().staleSinceMs).toBe(1_000);
    expect(s.calls.get().byId.size).toBe(2);
    // The host restarted: B ended meanwhile, C rang.
    calls = [liveCall({ callId: 'A' }), liveCall({ callId: 'C' })];
    c.setStatus('open');
    await settle();
    expect([...s.calls.get().byId.keys()].sort()).toEqual(['A', 'C']);
    expect(s.queue.get().waiting).toBe(2);
    expect(s.link.get().staleSinceMs).toBeNull();
  });

  it('follows main’s link events (desktop): relayed to a host, then back to the own console', async () => {
    const c = serving(new FakeConsole());
    const s = stores();
    startLiveSync(c, s, () => undefined);
    c.emit('link.changed', {
      state: 'lost',
      hostAddress: 'https://192.168.1.20:8443',
      hostName: 'amina-laptop',
      message: 'Lost the host',
      retryInMs: 2000,
    });
    expect(s.link.get()).toMatchObject({ via: 'relay', host: { name: 'amina-laptop' }, retryInMs: 2000 });
    c.emit('link.changed', { state: 'local', message: 'own console' });
    expect(s.link.get()).toMatchObject({ via: 'desktop', host: null });
  });

  it('routes events to the stores and the take-over tracker', async () => {
    const c = serving(new FakeConsole(), []);
    const s = stores();
    startLiveSync(c, s, () => undefined);
    await settle();
    s.takeOver.dispatch({ type: 'requested', callId: 'B', targetName: 'you', via: 'phone' });
    c.emit('call.changed', liveCall({ callId: 'B', phase: 'handing-off', agentLabel: 'ringing Wanjiru' }));
    expect(s.calls.get().byId.get('B')?.phase).toBe('handing-off');
    expect(s.takeOver.get().get('B')?.stage).toBe('ringing');
    c.emit('levels.changed', { callId: 'B', inboundDbfs: -10, outboundDbfs: -20 });
    expect(s.calls.get().byId.get('B')?.levels.inboundDbfs).toBe(-10);
    c.emit('queue.changed', { waiting: 1, longestWaitMs: 5000 });
    c.emit('agents.changed', []);
    expect(s.queue.get().waiting).toBe(1);
    expect(s.agents.get()).toEqual([]);
    c.emit('call.ended', { callId: 'B', outcome: 'abandoned' });
    expect(s.calls.get().byId.has('B')).toBe(false);
    expect(s.takeOver.get().get('B')?.stage).toBe('failed');
  });

  it('reports loads that fail for a reason other than a dropped connection', async () => {
    const c = serving(new FakeConsole()).fail('agents.list', 'STORE_DOWN', 'The call log is not available');
    c.fail('queue.get', 'CONSOLE_DISCONNECTED', 'gone');
    const errors: string[] = [];
    startLiveSync(c, stores(), (m) => errors.push(m));
    await settle(10);
    expect(errors).toEqual(['Could not load agents: The call log is not available']);
  });

  it('stops listening when stopped', () => {
    const c = serving(new FakeConsole());
    const stop = startLiveSync(c, stores(), () => undefined);
    expect(c.listenerCount('call.changed')).toBe(1);
    stop();
    expect(c.listenerCount('call.changed')).toBe(0);
  });
});
