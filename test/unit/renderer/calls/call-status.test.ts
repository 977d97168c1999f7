import { describe, expect, it } from 'vitest';
import {
  callStatus,
  canTakeOver,
  outcomeLabel,
  reasonLabel,
} from '../../../../renderer/src/calls/call-status';
import { liveCall } from '../fake-console';

describe('callStatus', () => {
  it('says who is talking on an AI call', () => {
    expect(callStatus(liveCall({ activity: 'ai-talking' }))).toEqual({
      label: 'AI talking',
      tone: 'ai',
      group: 'ai',
    });
    expect(callStatus(liveCall({ activity: 'caller-talking' })).label).toBe('Caller talking');
    expect(callStatus(liveCall({ activity: 'idle' })).label).toBe('AI listening');
  });

  it('puts escalations, ringing agents and the queue under "needs a person"', () => {
    expect(callStatus(liveCall({ phase: 'escalating' }))).toMatchObject({
      label: 'Escalating',
      group: 'needs-person',
    });
    expect(callStatus(liveCall({ phase: 'dialing', agentLabel: 'ringing Wanjiru' }))).toMatchObject({
      label: 'Ringing Wanjiru',
      group: 'needs-person',
    });
    expect(callStatus(liveCall({ phase: 'queued' })).label).toBe('In queue');
  });

  it('shows who has the call once a person does', () => {
    expect(callStatus(liveCall({ phase: 'with-agent', agentLabel: 'with Otieno' }))).toEqual({
      label: 'With Otieno',
      tone: 'human',
      group: 'with-agent',
    });
  });
});

describe('labels', () => {
  it('names reasons and outcomes in plain words, passing unknown codes through', () => {
    expect(reasonLabel('never-ai-topic')).toBe('Sensitive topic');
    expect(reasonLabel('something-new')).toBe('something-new');
    expect(reasonLabel(undefined)).toBeUndefined();
    expect(outcomeLabel('ai-resolved')).toBe('AI resolved');
    expect(outcomeLabel(undefined)).toBe('In progress');
  });

  it('offers take-over only while the call is not with a person yet', () => {
    expect(canTakeOver({ phase: 'streaming' })).toBe(true);
    expect(canTakeOver({ phase: 'queued' })).toBe(true);
    expect(canTakeOver({ phase: 'with-agent' })).toBe(false);
    expect(canTakeOver({ phase: 'ended' })).toBe(false);
  });
});
