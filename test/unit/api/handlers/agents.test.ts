import { describe, expect, it } from 'vitest';
import { agentHandlers } from '../../../../bridge/api/handlers/agents';
import { FakeClock } from '../../../../bridge/clock';
import { loadConfig } from '../../../../bridge/config';
import { createOverflow } from '../../../../bridge/calls/overflow';
import { CallRegistry } from '../../../../bridge/calls/registry';
import { asCarrierCallSid } from '../../../../bridge/ids';
import { createSilentLog } from '../../../../bridge/log';
import type { SautikitClient } from '../../../../bridge/sautikit/client';

async function setup() {
  const clock = new FakeClock();
  const registry = new CallRegistry(clock);
  const overflow = createOverflow({
    config: loadConfig({ agentName: 'Desk', agentNumber: '+254700000001', logLevel: 'silent' }),
    clock,
    log: createSilentLog(),
    registry,
    publicUrl: () => 'https://x.example',
    // A redirect still in flight: a second click must not start another.
    client: () => ({ redirect: () => new Promise(() => undefined) }) as unknown as SautikitClient,
    sessions: {
      beginHandoff: () => undefined,
      handoffLineDone: () => Promise.resolve(),
      canKeepCall: () => true,
      cancelHandoff: () => undefined,
      endStream: () => undefined,
      close: () => undefined,
    },
  });
  await overflow.start();
  return { registry, overflow, h: agentHandlers(overflow, registry, { agentId: undefined }) };
}

describe('agent console handlers', () => {
  it('lists the seeded agent and saves, toggles and removes agents', async () => {
    const { h } = await setup();
    expect(await h['agents.list']({})).toEqual([
      expect.objectContaining({ name: 'Desk', number: '+254700000001', presence: 'available' }),
    ]);
    const a = await h['agent.save']({ name: 'Wanjiru', number: '0722 111 222' });
    expect(a).toMatchObject({ number: '+254722111222' });
    expect(await h['agent.setPresence']({ id: a.id, presence: 'away' })).toMatchObject({ presence: 'away' });
    expect(await h['agent.remove']({ id: a.id })).toEqual({ removed: true });
    await expect(
      Promise.resolve().then(() => h['agent.save']({ name: 'X', number: '123' })),
    ).rejects.toMatchObject({ code: 'AGENT_BAD_NUMBER' });
  });

  it('take-over checks the call and the agent before escalating, once', async () => {
    const { h, registry } = await setup();
    expect(() => h['call.takeOver']({ callId: 'gone' })).toThrow(
      expect.objectContaining({ code: 'CALL_NOT_FOUND' }),
    );
    registry.open({
      callSid: asCarrierCallSid('CA1'),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider: 'none',
      model: null,
    });
    expect(() => h['call.takeOver']({ callId: 'CA1', agentId: 'agt_nobody' })).toThrow(
      expect.objectContaining({ code: 'AGENT_NOT_FOUND' }),
    );
    expect(h['call.takeOver']({ callId: 'CA1' })).toEqual({ accepted: true });
    expect(h['call.takeOver']({ callId: 'CA1' })).toEqual({ accepted: false });
    expect(h['queue.get']({})).toEqual({ waiting: 0, longestWaitMs: 0 });
  });
});
