import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import {
  AgentRoster,
  InMemoryAgentRepository,
  ROSTER_RETRY_FIRST_MS,
  ROSTER_RETRY_MAX_MS,
} from '../../../bridge/human/roster';
import type { AgentRepository, StoredAgent } from '../../../bridge/domain/agent';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

const setup = async (
  rows: StoredAgent[] = [],
  repository: AgentRepository = new InMemoryAgentRepository(rows),
) => {
  const clock = new FakeClock();
  const roster = new AgentRoster({ repository, clock, log: createSilentLog() });
  await roster.load();
  return { clock, roster, repository };
};

describe('AgentRoster', () => {
  it('adds agents with validated Kenyan numbers and persists them', async () => {
    const repo = new InMemoryAgentRepository();
    const { roster } = await setup([], repo);
    const a = await roster.save({ name: ' Wanjiru ', number: '0712 345 678' });
    expect(a).toMatchObject({ name: 'Wanjiru', number: '+254712345678', presence: 'available' });
    expect(await repo.load()).toEqual([expect.objectContaining({ id: a.id, number: '+254712345678' })]);
    await expect(roster.save({ name: 'Otieno', number: '+254 712 345 678' })).rejects.toMatchObject({
      code: 'AGENT_DUPLICATE_NUMBER',
    });
    await expect(roster.save({ name: 'Otieno', number: '12' })).rejects.toMatchObject({
      code: 'AGENT_BAD_NUMBER',
    });
    await expect(roster.save({ name: '  ', number: '0722000000' })).rejects.toMatchObject({
      code: 'AGENT_BAD_NAME',
    });
    const edited = await roster.save({ id: a.id, name: 'Wanjiru K', number: '0712345678' });
    expect(edited.id).toBe(a.id);
    expect(roster.list()).toHaveLength(1);
  });

  it('seeds one agent from settings once', async () => {
    const repo = new InMemoryAgentRepository();
    const clock = new FakeClock();
    const first = new AgentRoster({ repository: repo, clock, log: createSilentLog() });
    await first.load({ name: 'Desk', number: '+254700000001' });
    const again = new AgentRoster({ repository: repo, clock, log: createSilentLog() });
    await again.load({ name: 'Desk', number: '+254700000001' });
    expect(again.list()).toEqual([expect.objectContaining({ name: 'Desk', number: '+254700000001' })]);
  });

  it('never restores on-call from storage', async () => {
    const { roster } = await setup([{ id: 'a', name: 'A', number: '+254700000001', presence: 'on-call' }]);
    expect(roster.get('a')?.presence).toBe('available');
  });

  it('rings the longest idle available agent first and skips away, ringing and excluded agents', async () => {
    const { roster, clock } = await setup([
      { id: 'a', name: 'A', number: '+254700000001', presence: 'available', lastCallEndedAt: 5000 },
      { id: 'b', name: 'B', number: '+254700000002', presence: 'available', lastCallEndedAt: 1000 },
      { id: 'c', name: 'C', number: '+254700000003', presence: 'away' },
      { id: 'd', name: 'D', number: '+254700000004', presence: 'available', lastCallEndedAt: 3000 },
    ]);
    expect(roster.nextAvailable()?.id).toBe('b');
    roster.reserve('b', asCarrierCallSid('call-1'));
    expect(roster.nextAvailable()?.id).toBe('d');
    expect(roster.nextAvailable(new Set(['d']))?.id).toBe('a');
    roster.release('b', asCarrierCallSid('call-1'));
    expect(roster.nextAvailable()?.id).toBe('b');
    // B takes a call and finishes it: now the one who has been idle longest is D.
    clock.advance(10_000);
    roster.connected('b', asCarrierCallSid('call-1'));
    expect(roster.get('b')?.presence).toBe('on-call');
    expect(roster.nextAvailable()?.id).toBe('d');
    roster.callEnded('b', asCarrierCallSid('call-1'));
    expect(roster.get('b')).toMatchObject({ presence: 'available', lastCallEndedAt: clock.epochMs() });
    expect(roster.nextAvailable()?.id).toBe('d');
  });

  it('changes presence on toggles and on calls, and tells listeners', async () => {
    const { roster } = await setup([{ id: 'a', name: 'A', number: '+254700000001', presence: 'away' }]);
    const freed: string[] = [];
    const changes: string[] = [];
    roster.events.on('available', (id) => freed.push(id));
    roster.events.on('changed', (list) => changes.push(list[0]!.presence));
    expect(roster.anyoneOnDuty()).toBe(false);
    await roster.setPresence('a', 'available');
    expect(freed).toEqual(['a']);
    roster.connected('a', asCarrierCallSid('call-9'));
    expect(roster.anyoneOnDuty(new Set(['a']))).toBe(true);
    roster.callEnded('a', asCarrierCallSid('call-9'));
    expect(freed).toEqual(['a', 'a']);
    expect(changes).toEqual(['available', 'on-call', 'available']);
    // A manual "on-call" is not undone by some other call ending.
    await roster.setPresence('a', 'on-call');
    roster.callEnded('a', asCarrierCallSid('call-10'));
    expect(roster.get('a')?.presence).toBe('on-call');
    await expect(roster.setPresence('nobody', 'away')).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
  });

  it('shows a refused destination on the agent until the number changes', async () => {
    const { roster } = await setup([{ id: 'a', name: 'A', number: '+254700000001', presence: 'available' }]);
    roster.setError('a', 'Sautikit refused to dial +254700000001');
    expect(roster.get('a')?.lastError).toMatch(/refused/);
    await roster.save({ id: 'a', name: 'A', number: '+254700000009' });
    expect(roster.get('a')?.lastError).toBeUndefined();
  });

  it('reports a failed save and keeps the roster as it was', async () => {
    const failing: AgentRepository = {
      load: () => Promise.resolve([]),
      save: () => Promise.reject(new Error('disk full')),
      remove: () => Promise.reject(new Error('disk full')),
    };
    const { roster } = await setup([], failing);
    await expect(roster.save({ name: 'A', number: '0712345678' })).rejects.toMatchObject({
      code: 'AGENT_SAVE_FAILED',
    });
    expect(roster.list()).toEqual([]);
  });

  it('removes agents', async () => {
    const { roster, repository } = await setup([
      { id: 'a', name: 'A', number: '+254700000001', presence: 'available' },
    ]);
    expect(await roster.remove('a')).toBe(true);
    expect(await roster.remove('a')).toBe(false);
    expect(await repository.load()).toEqual([]);
  });

  it('keeps trying to load by itself while the repository is unavailable, and at once when told', async () => {
    const clock = new FakeClock();
    const saved = new InMemoryAgentRepository([
      { id: 'a', name: 'Akinyi', number: '+254711000001', presence: 'available' },
    ]);
    let down = true;
    let loads = 0;
    const repository: AgentRepository = {
      load: () => {
        loads++;
        return down ? Promise.reject(new Error('call log unavailable')) : saved.load();
      },
      save: (a) => (down ? Promise.reject(new Error('call log unavailable')) : saved.save(a)),
      remove: (id) => saved.remove(id),
    };
    const roster = new AgentRoster({ repository, clock, log: createSilentLog() });
    const flush = () => new Promise((r) => setImmediate(r));
    await expect(roster.start({ name: 'Desk', number: '+254700000001' })).resolves.toBe(false);
    expect(roster.loaded).toBe(false);
    clock.advance(ROSTER_RETRY_FIRST_MS);
    await flush();
    expect(loads).toBe(2);
    clock.advance(ROSTER_RETRY_FIRST_MS); // the wait doubled: not yet
    await flush();
    expect(loads).toBe(2);
    clock.advance(ROSTER_RETRY_FIRST_MS);
    await flush();
    expect(loads).toBe(3);
    down = false;
    roster.retryLoad(); // the call log reported it is writable again
    await flush();
    await flush();
    expect(loads).toBe(4);
    expect(roster.loaded).toBe(true);
    expect(roster.list().map((a) => a.name)).toEqual(['Akinyi', 'Desk']);
    clock.advance(ROSTER_RETRY_MAX_MS * 2);
    roster.retryLoad();
    await flush();
    expect(loads).toBe(4);
  });

  it('puts the agent from AGENT_NUMBER on the roster while the repository is down, and saves it once it is up', async () => {
    const clock = new FakeClock();
    const saved = new InMemoryAgentRepository();
    let down = true;
    const repository: AgentRepository = {
      load: () => (down ? Promise.reject(new Error('call log unavailable')) : saved.load()),
      save: (a) => (down ? Promise.reject(new Error('call log unavailable')) : saved.save(a)),
      remove: (id) => saved.remove(id),
    };
    const roster = new AgentRoster({ repository, clock, log: createSilentLog() });
    await expect(roster.start({ name: 'Desk', number: '0700 000 001' })).resolves.toBe(false);
    // Escalations ring them meanwhile: they are the next free agent.
    const desk = roster.nextAvailable();
    expect(desk).toMatchObject({ name: 'Desk', number: '+254700000001', presence: 'available' });
    roster.reserve(desk!.id, asCarrierCallSid('CA1'));
    roster.connected(desk!.id, asCarrierCallSid('CA1'));
    roster.callEnded(desk!.id, asCarrierCallSid('CA1'));
    expect(await saved.load()).toEqual([]);

    down = false;
    roster.retryLoad();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(roster.loaded).toBe(true);
    expect(await saved.load()).toEqual([
      expect.objectContaining({ id: desk!.id, name: 'Desk', number: '+254700000001', presence: 'available' }),
    ]);
    expect(roster.list()).toHaveLength(1);
    roster.stop();
  });

  it('gives the agent from AGENT_NUMBER its saved record when that turns up, keeping the call it is on', async () => {
    const clock = new FakeClock();
    const saved = new InMemoryAgentRepository([
      {
        id: 'agt_saved',
        name: 'Wanjiru',
        number: '+254700000001',
        presence: 'available',
        lastCallEndedAt: 7,
      },
    ]);
    let down = true;
    const repository: AgentRepository = {
      load: () => (down ? Promise.reject(new Error('call log unavailable')) : saved.load()),
      save: (a) => (down ? Promise.reject(new Error('call log unavailable')) : saved.save(a)),
      remove: (id) => saved.remove(id),
    };
    const roster = new AgentRoster({ repository, clock, log: createSilentLog() });
    await roster.start({ name: 'Desk', number: '+254700000001' });
    const temporary = roster.nextAvailable()!;
    roster.reserve(temporary.id, asCarrierCallSid('CA1'));
    roster.connected(temporary.id, asCarrierCallSid('CA1'));

    down = false;
    roster.retryLoad();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(roster.list()).toEqual([
      expect.objectContaining({ id: 'agt_saved', name: 'Wanjiru', presence: 'on-call', lastCallEndedAt: 7 }),
    ]);
    // The call still holds the id it rang: its end frees the agent under the saved id.
    expect(roster.get(temporary.id)?.id).toBe('agt_saved');
    roster.callEnded(temporary.id, asCarrierCallSid('CA1'));
    expect(roster.get('agt_saved')?.presence).toBe('available');
    expect((await saved.load()).map((a) => a.id)).toEqual(['agt_saved']);
    roster.stop();
  });

  it('stops retrying when stopped', async () => {
    const clock = new FakeClock();
    let loads = 0;
    const repository: AgentRepository = {
      load: () => {
        loads++;
        return Promise.reject(new Error('down'));
      },
      save: () => Promise.resolve(),
      remove: () => Promise.resolve(),
    };
    const roster = new AgentRoster({ repository, clock, log: createSilentLog() });
    await roster.start();
    roster.stop();
    clock.advance(ROSTER_RETRY_MAX_MS * 4);
    roster.retryLoad();
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(1);
  });
});
