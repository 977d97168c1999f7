import { describe, expect, it } from 'vitest';
import { CallRegistry } from '../../../bridge/calls/registry';
import type { CallEvent } from '../../../bridge/domain/call-events';
import { FakeClock } from '../../../bridge/base/clock';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

function setup() {
  const clock = new FakeClock();
  const registry = new CallRegistry(clock);
  const seen: CallEvent[] = [];
  registry.events.on('event', (e) => seen.push(e));
  const call = registry.open({
    callSid: asCarrierCallSid('CA1'),
    from: '+254712345678',
    to: '+254709000000',
    raw: {},
    provider: 'gemini',
    model: 'm',
  });
  return { clock, registry, seen, call };
}

describe('CallRegistry', () => {
  it('publishes call.started and moves through the lifecycle by events', () => {
    const { registry, seen, call, clock } = setup();
    expect(seen[0]).toMatchObject({
      kind: 'call.started',
      callId: 'CA1',
      from: '+254712345678',
      provider: 'gemini',
    });
    expect(registry.get('CA1')?.phase).toBe('ringing');
    registry.publish(call.callId, 'stream.started', {});
    expect(registry.get('CA1')?.phase).toBe('ai');
    clock.advance(5000);
    registry.publish(call.callId, 'call.ended', {
      outcome: 'ai-resolved',
      durationMs: 5000,
      reason: 'stream closed',
    });
    expect(registry.get('CA1')).toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ kind: 'call.ended', at: clock.epochMs() });
  });

  it('replaces a partial transcript line by later updates of the same turn', () => {
    const { registry, call } = setup();
    registry.publish(call.callId, 'transcript', {
      turnId: 1,
      speaker: 'caller',
      text: 'Hello',
      final: false,
      startMs: 0,
    });
    registry.publish(call.callId, 'transcript', {
      turnId: 1,
      speaker: 'caller',
      text: 'Hello there',
      final: true,
      startMs: 0,
      endMs: 900,
    });
    registry.publish(call.callId, 'transcript', {
      turnId: 2,
      speaker: 'agent',
      text: 'Hi',
      final: false,
      startMs: 1000,
    });
    expect(registry.get('CA1')?.transcript).toEqual([
      {
        turnId: 1,
        speaker: 'caller',
        text: 'Hello there',
        final: true,
        startMs: 0,
        endMs: 900,
        heardMs: undefined,
        interrupted: undefined,
      },
      {
        turnId: 2,
        speaker: 'agent',
        text: 'Hi',
        final: false,
        startMs: 1000,
        endMs: undefined,
        heardMs: undefined,
        interrupted: undefined,
      },
    ]);
  });

  it('keeps the first escalation and records a readable timeline', () => {
    const { registry, call } = setup();
    registry.publish(call.callId, 'escalation', {
      reason: 'caller-asked',
      detail: 'asked for a person',
      triggerText: 'agent please',
    });
    registry.publish(call.callId, 'escalation', { reason: 'ai-failure', detail: 'later' });
    registry.publish(call.callId, 'dial.attempt', {
      agentId: 'a1' as never,
      agentName: 'Wanjiru',
      number: '+254711000001',
    });
    const live = registry.get('CA1')!;
    expect(live.escalation?.reason).toBe('caller-asked');
    expect(live.phase).toBe('handing-off');
    expect(live.agent).toEqual({ id: 'a1', name: 'Wanjiru', state: 'ringing', via: 'phone' });
    expect(live.timeline.map((t) => t.summary)).toContain('Ringing Wanjiru');
  });

  it('finds a call by any of its ids, never lets an alias take over another call, and forgets them at the end', () => {
    const { registry, call } = setup();
    expect(registry.alias('HD_1', 'CA1')).toBe(true);
    expect(registry.alias('uuid-1', 'HD_1')).toBe(true);
    expect(registry.get('HD_1')).toBe(call);
    expect(registry.get('uuid-1')).toBe(call);
    expect(registry.alias('HD_2', 'CA-not-live')).toBe(false);
    registry.open({
      callSid: asCarrierCallSid('CA2'),
      from: '+254700000002',
      to: '+254709000000',
      raw: {},
      provider: 'gemini',
      model: 'm',
    });
    expect(registry.alias('CA2', 'CA1')).toBe(false);
    expect(registry.alias('HD_1', 'CA2')).toBe(false);
    expect(registry.get('HD_1')).toBe(call);
    expect(registry.alias('HD_1', 'CA1')).toBe(true);
    registry.publish(call.callId, 'call.ended', { outcome: 'ai-resolved', durationMs: 1, reason: 'done' });
    expect(registry.get('HD_1')).toBeUndefined();
    expect(registry.get('uuid-1')).toBeUndefined();
    expect(registry.alias('HD_1', 'CA2')).toBe(true);
  });
});
