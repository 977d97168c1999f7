// A seeded call log for query tests: calls an hour apart from four callers, every third one
// escalated (reasons and agents rotating), reply latencies varying. Expectations are computed from
// the same list, not written by hand.
import type { EscalationReason } from '../../../bridge/domain/call';
import { CallScript } from './call-script';
import type { TestDb } from './test-db';

export const SEED_T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
export const CALLERS = ['+254712000001', '+254712000002', '+254733000003', '+254110000004'] as const;
const REASONS: EscalationReason[] = ['caller-asked', 'never-ai-topic', 'negative-sentiment'];
const AGENTS = [
  ['agent-1', 'Wanjiru'],
  ['agent-2', 'Otieno'],
] as const;
const TOPICS = ['balance', 'loan repayment', 'mpesa reversal', 'card blocked', 'opening hours'];

export interface SeededCall {
  readonly callId: string;
  readonly startedAt: number;
  readonly from: string;
  readonly outcome: 'ai-resolved' | 'agent-handled';
  readonly escalationReason?: EscalationReason;
  readonly agentId?: string;
  readonly latenciesMs: number[];
  readonly topic: string;
  readonly costKesCents: number;
}

export function seedCalls(t: TestDb, count = 60): SeededCall[] {
  const seeded: SeededCall[] = [];
  for (let i = 0; i < count; i++) {
    const callId = `CA${String(i).padStart(4, '0')}`;
    const startedAt = SEED_T0 + i * 3_600_000;
    const from = CALLERS[i % CALLERS.length]!;
    const topic = TOPICS[i % TOPICS.length]!;
    const latenciesMs = [300 + (i % 5) * 200, 500 + (i % 7) * 100];
    const call = new CallScript(callId, startedAt, from).started().stream();
    call.agent('Habari, how can I help?', { latencyMs: latenciesMs[0] });
    call.caller(`I am calling about my ${topic} number ${i}`);
    call.agent(`Let me check your ${topic} for you.`, { latencyMs: latenciesMs[1] });
    const escalated = i % 3 === 0;
    const reason = escalated ? REASONS[(i / 3) % REASONS.length]! : undefined;
    const agent = escalated ? AGENTS[(i / 3) % AGENTS.length]! : undefined;
    if (reason && agent) {
      call.escalate(reason, `escalated ${i}`);
      call.toAgent(agent[0], agent[1]);
    }
    const costKesCents = 100 + i;
    call.cost('carrier-inbound', costKesCents);
    call.ended(escalated ? 'agent-handled' : 'ai-resolved');
    t.record(call.events);
    seeded.push({
      callId,
      startedAt,
      from,
      outcome: escalated ? 'agent-handled' : 'ai-resolved',
      escalationReason: reason,
      agentId: agent?.[0],
      latenciesMs,
      topic,
      costKesCents,
    });
  }
  return seeded;
}

/** Newest first, as the history list orders them. */
export const newestFirst = (calls: readonly SeededCall[]) =>
  [...calls].sort((a, b) => b.startedAt - a.startedAt || (a.callId < b.callId ? 1 : -1)).map((c) => c.callId);

/** Nearest-rank p50 of a call's latencies. */
export const p50 = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.5 * s.length) - 1]!;
};
