import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { DEFAULT_ESCALATION_PHRASES, DEFAULT_NEVER_AI_TOPICS } from '../../../bridge/config/config';
import {
  containsPhrase,
  EscalationPolicy,
  judgeCallerLine,
  type EscalationDecision,
} from '../../../bridge/calls/escalation';
import type { CallEvent } from '../../../bridge/domain/call-events';
import { CallRegistry } from '../../../bridge/calls/registry';
import { sentimentScore, words } from '../../../bridge/calls/sentiment';
import { asAgentId, asCarrierCallSid, type CallId } from '../../../bridge/domain/ids';
import { createSilentLog } from '../../../bridge/base/log';

const settings = {
  phrases: DEFAULT_ESCALATION_PHRASES,
  topics: DEFAULT_NEVER_AI_TOPICS,
  sentimentThreshold: -3,
};

describe('sentimentScore', () => {
  it('scores unhappy lines negative and thanks positive, in English and Swahili', () => {
    expect(sentimentScore('This is useless and ridiculous')).toBe(-4);
    expect(sentimentScore('Thank you, that was great')).toBe(3);
    expect(sentimentScore('Huduma yenu ni mbaya sana')).toBe(-2);
    expect(sentimentScore('Nimechoka na upuuzi huu')).toBe(-4);
    expect(sentimentScore('What are your opening hours?')).toBe(0);
  });

  it('flips negated words and doubles intensified ones', () => {
    expect(sentimentScore('not good')).toBe(-1);
    expect(sentimentScore('not very good')).toBe(-2);
    expect(sentimentScore('not bad at all')).toBe(1);
    expect(sentimentScore('very bad')).toBe(-2);
    expect(sentimentScore('si nzuri')).toBe(-1);
  });

  it('splits words on punctuation and keeps apostrophes', () => {
    expect(words("I DON'T want this—it's rubbish!")).toEqual([
      'i',
      "don't",
      'want',
      'this',
      "it's",
      'rubbish',
    ]);
  });
});

describe('judgeCallerLine', () => {
  it('hears a caller asking for a person, in English and Swahili', () => {
    expect(judgeCallerLine('Nataka kuongea na mtu tafadhali', 0, settings)).toMatchObject({
      reason: 'caller-asked',
    });
    expect(judgeCallerLine('Can I speak to one of your agents?', 0, settings)).toMatchObject({
      reason: 'caller-asked',
    });
    expect(judgeCallerLine('Put me through to customer care.', 0, settings)).toMatchObject({
      reason: 'caller-asked',
    });
    expect(judgeCallerLine('What time do you close?', 0, settings).reason).toBeUndefined();
  });

  it('hears never-AI topics at word starts', () => {
    expect(judgeCallerLine('I want to dispute a charge', 0, settings)).toMatchObject({
      reason: 'never-ai-topic',
      detail: 'Never-AI topic: dispute',
    });
    expect(judgeCallerLine('Please process my cancellation', 0, settings)).toMatchObject({
      reason: 'never-ai-topic',
    });
    expect(judgeCallerLine('Someone made fraudulent transactions', 0, settings)).toMatchObject({
      reason: 'never-ai-topic',
    });
    expect(judgeCallerLine('I love your candles', 0, settings).reason).toBeUndefined();
  });

  it('escalates when the running sentiment reaches the threshold', () => {
    const first = judgeCallerLine('This is bad', 0, settings);
    expect(first).toEqual({ score: -1 });
    const second = judgeCallerLine('Honestly this is wrong', first.score, settings);
    expect(second.reason).toBeUndefined();
    const third = judgeCallerLine('It is so stupid', second.score, settings);
    expect(third).toMatchObject({ reason: 'negative-sentiment', score: -6 });
    expect(judgeCallerLine('useless', 0, { ...settings, sentimentThreshold: -5 }).reason).toBeUndefined();
  });

  it('matches multi-word phrases only in order', () => {
    expect(containsPhrase(words('I want a real person now'), 'real person')).toBe(true);
    expect(containsPhrase(words('a person who is real'), 'real person')).toBe(false);
    expect(containsPhrase(words('anything'), '')).toBe(false);
  });
});

describe('EscalationPolicy', () => {
  const setup = () => {
    const registry = new CallRegistry(new FakeClock());
    const decisions: EscalationDecision[] = [];
    const events: CallEvent[] = [];
    registry.events.on('event', (e) => events.push(e));
    const policy = new EscalationPolicy({
      registry,
      log: createSilentLog(),
      settings: () => settings,
      act: (d) => decisions.push(d),
    });
    policy.start();
    const live = registry.open({
      callSid: asCarrierCallSid('CA1'),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider: 'gemini',
      model: 'm',
    });
    const say = (text: string, final = true, speaker: 'caller' | 'agent' = 'caller') =>
      registry.publish(live.callId, 'transcript', { turnId: 1, speaker, text, final, startMs: 0 });
    return { registry, policy, decisions, events, callId: live.callId as CallId, say };
  };

  it("escalates on the caller's final line with the triggering text, once", () => {
    const { decisions, events, say, callId } = setup();
    say('nataka kuongea', false);
    say('I want a human', true, 'agent');
    expect(decisions).toHaveLength(0);
    say('Nataka kuongea na mtu');
    say('Nataka kuongea na mtu!');
    expect(decisions).toEqual([
      expect.objectContaining({ callId, reason: 'caller-asked', triggerText: 'Nataka kuongea na mtu' }),
    ]);
    const escalations = events.filter((e) => e.kind === 'escalation');
    expect(escalations).toEqual([
      expect.objectContaining({ reason: 'caller-asked', triggerText: 'Nataka kuongea na mtu' }),
    ]);
  });

  it('takes session signals and clicks through the same door, idempotently', () => {
    const { policy, decisions, callId, registry } = setup();
    expect(
      policy.escalate(callId, 'agent-takeover', 'Take over clicked', undefined, asAgentId('agt_b')),
    ).toBe(true);
    expect(
      policy.escalate(callId, 'agent-takeover', 'Take over clicked', undefined, asAgentId('agt_b')),
    ).toBe(false);
    expect(policy.escalate(callId, 'ai-requested', 'tool call')).toBe(false);
    expect(decisions).toHaveLength(1);
    expect(registry.get(callId)?.escalation).toMatchObject({
      reason: 'agent-takeover',
      targetAgentId: 'agt_b',
    });
    expect(policy.escalate('CA-unknown' as CallId, 'ai-failure', 'x')).toBe(false);
  });

  it('accepts a new decision once the AI has the call again', () => {
    const { policy, decisions, callId, registry } = setup();
    policy.escalate(callId, 'ai-requested', 'tool call');
    expect(registry.get(callId)?.escalationOpen).toBe(true);
    registry.publish(callId, 'call.phase', { phase: 'ai', detail: 'the AI took the call back' });
    expect(registry.get(callId)?.escalationOpen).toBe(false);
    expect(policy.escalate(callId, 'agent-takeover', 'clicked')).toBe(true);
    expect(decisions.map((d) => d.reason)).toEqual(['ai-requested', 'agent-takeover']);
  });
});
