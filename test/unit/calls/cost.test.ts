import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/clock';
import { aiCostKesCents, CostMeter, legCostKesCents, type CostSettings } from '../../../bridge/calls/cost';
import type { CallEvent } from '../../../bridge/calls/events';
import { CallRegistry } from '../../../bridge/calls/registry';
import { asCarrierCallSid } from '../../../bridge/ids';

const settings: CostSettings = {
  inboundPerMinKesCents: 0,
  outboundPerMinKesCents: 300,
  billing: 'per-second',
  aiInputPerMTokensKesCents: 40_000,
  aiOutputPerMTokensKesCents: 160_000,
  aiPerMinKesCents: 0,
};

describe('legCostKesCents', () => {
  it('bills KES 3.00/min per second from connect', () => {
    expect(legCostKesCents(60, 300, 'per-second')).toBe(300);
    expect(legCostKesCents(95, 300, 'per-second')).toBe(475);
    expect(legCostKesCents(1, 300, 'per-second')).toBe(5);
    expect(legCostKesCents(0.2, 300, 'per-second')).toBe(5);
    expect(legCostKesCents(0, 300, 'per-second')).toBe(0);
    expect(legCostKesCents(30, 0, 'per-second')).toBe(0);
    expect(legCostKesCents(7, 250, 'per-second')).toBe(30);
  });

  it('can bill per started minute as the Calls concept page shows', () => {
    expect(legCostKesCents(90, 300, 'per-minute')).toBe(600);
    expect(legCostKesCents(60, 300, 'per-minute')).toBe(300);
    expect(legCostKesCents(61, 300, 'per-minute')).toBe(600);
  });
});

describe('aiCostKesCents', () => {
  it('prices tokens per million and minutes', () => {
    expect(aiCostKesCents({ inputTokens: 1_000_000, outputTokens: 500_000, aiMs: 0 }, settings)).toBe(
      120_000,
    );
    expect(
      aiCostKesCents(
        { inputTokens: 0, outputTokens: 0, aiMs: 90_000 },
        { ...settings, aiPerMinKesCents: 100 },
      ),
    ).toBe(150);
    expect(aiCostKesCents({ inputTokens: 1, outputTokens: 0, aiMs: 0 }, settings)).toBe(1);
  });
});

describe('CostMeter', () => {
  it('publishes cost events by component from usage, the AI stream and legs', () => {
    const clock = new FakeClock();
    const registry = new CallRegistry(clock);
    const costs: CallEvent[] = [];
    registry.events.on('event', (e) => e.kind === 'cost' && costs.push(e));
    const meter = new CostMeter({ registry, settings: () => settings });
    meter.start();
    const { callId } = registry.open({
      callSid: asCarrierCallSid('CA1'),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider: 'gemini',
      model: 'm',
    });
    registry.publish(callId, 'stream.started', {});
    registry.publish(callId, 'usage', { inputTokens: 10_000, outputTokens: 5_000 });
    registry.publish(callId, 'usage', { inputTokens: 10_000, outputTokens: 5_000 });
    clock.advance(30_000);
    registry.publish(callId, 'stream.stopped', { reason: 'redirected' });
    expect(meter.legEnded(callId, 'Wanjiru', 95, 'carrier')).toBe(475);
    meter.callEnded(callId, 140, 'carrier', clock.epochMs());
    meter.callEnded(callId, 140, 'carrier', clock.epochMs());
    expect(costs.map((c) => c.kind === 'cost' && [c.component, c.kesCents])).toEqual([
      ['carrier-outbound', 475],
      ['carrier-inbound', 0],
      ['ai', 2400],
    ]);
    expect(costs[2]).toMatchObject({ detail: '20000 input + 10000 output tokens, 30 s' });
  });
});
