import { describe, expect, it } from 'vitest';
import { DialogStore } from '../../../../../renderer/src/app/state/dialogs';
import { findMe, MeStore } from '../../../../../renderer/src/app/state/me';
import { NoticeStore } from '../../../../../renderer/src/app/state/notices';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('MeStore', () => {
  it('remembers the agent picked in this browser', () => {
    const storage = memoryStorage();
    new MeStore(storage).choose('ag2');
    expect(new MeStore(storage).get()).toEqual({ agentId: 'ag2', fixed: false });
    new MeStore(storage).choose(null);
    expect(new MeStore(storage).get().agentId).toBeNull();
  });

  it('lets the core decide in Electron, and then the choice is fixed', () => {
    const me = new MeStore(memoryStorage());
    me.fromStatus('ag1');
    me.choose('ag9');
    expect(me.get()).toEqual({ agentId: 'ag1', fixed: true });
    const agents = [{ id: 'ag1', name: 'W', number: '+254711000001', presence: 'away' as const }];
    expect(findMe(agents, me.get())?.name).toBe('W');
    expect(findMe(agents, { agentId: 'x', fixed: false })).toBeNull();
  });

  it('gives the window its own choice back when the console has no identity any more (left a team)', () => {
    const storage = memoryStorage();
    new MeStore(storage).choose('ag2');
    const me = new MeStore(storage);
    me.fromStatus('ag1');
    me.fromStatus(undefined);
    expect(me.get()).toEqual({ agentId: 'ag2', fixed: false });
    me.fromStatus(undefined);
    expect(me.get()).toEqual({ agentId: 'ag2', fixed: false });
  });
});

describe('NoticeStore', () => {
  it('shows notices and lets them expire, errors later than the rest', () => {
    const timers: { fn: () => void; ms: number }[] = [];
    const notices = new NoticeStore({ set: (fn, ms) => timers.push({ fn, ms }) });
    notices.add('Saved', 'info');
    notices.add('Failed', 'error');
    expect(notices.get().map((n) => n.message)).toEqual(['Saved', 'Failed']);
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    timers[0]!.fn();
    expect(notices.get().map((n) => n.message)).toEqual(['Failed']);
  });
});

describe('DialogStore', () => {
  it('answers a confirm with the choice, and "no" when closed or replaced', async () => {
    const d = new DialogStore();
    const yes = d.confirm('Hang up?', 'Hang up');
    d.answer(true);
    await expect(yes).resolves.toBe(true);
    const closed = d.confirm('Hang up?', 'Hang up');
    d.close();
    await expect(closed).resolves.toBe(false);
    const replaced = d.confirm('Hang up?', 'Hang up');
    d.open({ kind: 'whisper', callId: 'A' });
    await expect(replaced).resolves.toBe(false);
    expect(d.get().dialog).toEqual({ kind: 'whisper', callId: 'A' });
  });
});
