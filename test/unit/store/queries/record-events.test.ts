// CallEvents → rows: a scripted call lands as one complete record (call, lines with latency figures,
// timeline, cost by component); partial lines are not kept; odd orders still land.
import { afterEach, describe, expect, it } from 'vitest';
import { callDetail } from '../../../../bridge/store/queries/call-detail';
import { aiResolvedCall, CallScript, escalatedCall } from '../call-script';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
afterEach(() => t?.close());

const T0 = Date.UTC(2026, 2, 3, 9, 0, 0);

describe('EventRecorder', () => {
  it('records an AI-resolved call with its transcript, latencies, usage-free cost and timeline', () => {
    t = openTestDb();
    const call = aiResolvedCall('CA1', T0, '0712 345 678');
    t.record(call.events);
    const row = t.db.prepare('SELECT * FROM calls WHERE call_id = ?').get('CA1') as Record<string, unknown>;
    expect(row).toMatchObject({
      from_number: '0712 345 678',
      caller_key: '+254712345678',
      to_number: '+254709000000',
      started_at: T0,
      answered_at: T0 + 100,
      outcome: 'ai-resolved',
      end_reason: 'completed',
      provider: 'gemini',
      model: 'gemini-live',
      p50_latency_ms: 600,
      max_latency_ms: 800,
      cost_kes_cents: 192.5,
      cost_carrier_inbound_kes_cents: 150,
      cost_ai_kes_cents: 42.5,
      cost_carrier_outbound_kes_cents: 0,
      escalation_reason: null,
    });
    expect(row.ended_at).toBe(call.events.at(-1)!.at);
    expect(row.duration_ms).toBeGreaterThan(0);

    const detail = callDetail(t.st, 'CA1');
    expect(detail.turns.map((l) => [l.speaker, l.text, l.latencyMs])).toEqual([
      ['agent', 'Habari, karibu. How can I help you today?', 300],
      ['caller', 'What is my account balance please', undefined],
      ['agent', 'Your balance is two thousand shillings.', 800],
      ['caller', 'Asante sana', undefined],
      ['agent', 'Karibu, goodbye.', 600],
    ]);
    // The partial line ("What ") never became a row of its own.
    expect(t.db.prepare("SELECT count(*) FROM turns WHERE text = 'What '").pluck().get()).toBe(0);
    expect(detail.timeline.map((i) => i.kind)).toEqual([
      'call.started',
      'stream.started',
      'cost',
      'cost',
      'call.ended',
    ]);
    expect(detail.timeline[2]?.summary).toBe('Call cost (Sautikit): KES 1.50 (estimate)');
    expect(detail.call.costByComponent).toEqual({ 'carrier-inbound': 150, 'carrier-outbound': 0, ai: 42.5 });
  });

  it('records an escalation, the agent who took the call and the dial timeline', () => {
    t = openTestDb();
    t.record(escalatedCall('CA2', T0).events);
    const detail = callDetail(t.st, 'CA2');
    expect(detail.call).toMatchObject({
      escalationReason: 'never-ai-topic',
      agentName: 'Wanjiru',
      outcome: 'agent-handled',
    });
    expect(t.db.prepare('SELECT agent_id, escalation_detail FROM calls').get()).toEqual({
      agent_id: 'agent-1',
      escalation_detail: 'dispute',
    });
    expect(detail.timeline.map((i) => i.kind)).toEqual([
      'call.started',
      'stream.started',
      'escalation',
      'redirect',
      'dial.attempt',
      'dial.result',
      'agent.connected',
      'cost',
      'cost',
      'call.ended',
    ]);
    expect(detail.timeline.find((i) => i.kind === 'dial.attempt')?.summary).toBe('Ringing Wanjiru');
    expect(t.db.prepare("SELECT count(*) FROM events WHERE kind = 'cost'").pluck().get()).toBe(2);
  });

  it('applies Sautikit’s bill after the end as a correction: the sums become the bill', () => {
    t = openTestDb();
    const call = aiResolvedCall('CA6', T0);
    call.emit('cost', {
      component: 'carrier-inbound',
      kesCents: 500 - 150,
      basis: 'billed',
      estimatedKesCents: 150,
      billedKesCents: 500,
    });
    t.record(call.events);
    const detail = callDetail(t.st, 'CA6');
    expect(detail.call.costByComponent).toEqual({ 'carrier-inbound': 500, 'carrier-outbound': 0, ai: 42.5 });
    expect(detail.call.costKesCents).toBe(542.5);
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'cost',
      summary: 'Call cost (Sautikit): estimated KES 1.50, billed KES 5.00',
    });
  });

  it('keeps barge-in figures and the interrupted flag on the agent line', () => {
    t = openTestDb();
    const call = new CallScript('CA3', T0)
      .started()
      .stream()
      .agent('Let me read you the full terms and', { latencyMs: 500, interrupted: true })
      .ended('abandoned');
    t.record(call.events);
    const turn = t.db.prepare('SELECT * FROM turns').get() as Record<string, unknown>;
    expect(turn).toMatchObject({
      interrupted: 1,
      heard_ms: 700,
      latency_ms: 500,
      barge_in_stop_ms: 35,
      stale_audio_ms: 60,
      bridge_ms: 40,
    });
    expect(callDetail(t.st, 'CA3').timeline.map((i) => i.kind)).toContain('barge-in');
  });

  it('lands events whose call.started was lost on a call row, and fills it in if it comes late', () => {
    t = openTestDb();
    const call = aiResolvedCall('CA4', T0);
    const [started, ...rest] = call.events;
    t.record(rest);
    expect(t.db.prepare('SELECT from_number, outcome FROM calls').get()).toEqual({
      from_number: '',
      outcome: 'ai-resolved',
    });
    t.record([started!]);
    expect(t.db.prepare('SELECT from_number, outcome FROM calls').get()).toEqual({
      from_number: '+254712345678',
      outcome: 'ai-resolved',
    });
  });

  it('adds usage, and a repeated final line replaces the text instead of adding a line', () => {
    t = openTestDb();
    const call = new CallScript('CA5', T0).started();
    call.emit('usage', { inputTokens: 100, outputTokens: 20, audioInMs: 1000 });
    call.emit('usage', { inputTokens: 50, outputTokens: 5 });
    call.emit('transcript', { turnId: 1, speaker: 'caller', text: 'helo', final: true, startMs: 0 });
    call.emit('transcript', {
      turnId: 1,
      speaker: 'caller',
      text: 'hello',
      final: true,
      startMs: 0,
      endMs: 900,
    });
    t.record(call.events);
    expect(t.db.prepare('SELECT input_tokens, output_tokens, audio_in_ms FROM calls').get()).toEqual({
      input_tokens: 150,
      output_tokens: 25,
      audio_in_ms: 1000,
    });
    expect(t.db.prepare('SELECT text, end_ms FROM turns').all()).toEqual([{ text: 'hello', end_ms: 900 }]);
  });

  it('replaces an oversized timeline payload by its size', () => {
    t = openTestDb();
    const call = new CallScript('CA6', T0).started();
    call.emit('stream.status', { status: 'stream-error', raw: { body: 'x'.repeat(10_000) } });
    t.record(call.events);
    const data = t.db.prepare("SELECT data FROM events WHERE kind = 'stream.status'").pluck().get() as string;
    expect(JSON.parse(data)).toMatchObject({ truncated: true });
    expect(data.length).toBeLessThan(100);
  });
});
