import { describe, expect, it } from 'vitest';
import {
  callStatus,
  canTakeOver,
  outcomeLabel,
  reasonLabel,
} from '../../../../../renderer/src/shared/calls/call-status';
import { liveCall } from '../../fake-console';

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
    expect(callStatus(liveCall({ phase: 'handing-off' }))).toMatchObject({
      label: 'Finding a person',
      group: 'needs-person',
    });
    expect(callStatus(liveCall({ phase: 'handing-off', agentLabel: 'ringing Wanjiru' }))).toMatchObject({
      label: 'Ringing Wanjiru',
      group: 'needs-person',
    });
    expect(callStatus(liveCall({ phase: 'queued' })).label).toBe('In queue');
    expect(callStatus(liveCall({ phase: 'queued', queuePosition: 2 })).label).toBe('In queue · #2');
    expect(callStatus(liveCall({ phase: 'queued', agentLabel: 'ringing Baraka' })).label).toBe(
      'In queue · ringing Baraka',
    );
  });

  it('shows who has the call once a person does', () => {
    expect(callStatus(liveCall({ phase: 'with-human', agentLabel: 'with Otieno' }))).toEqual({
      label: 'With Otieno',
      tone: 'human',
      group: 'with-agent',
    });
    expect(
      callStatus(liveCall({ phase: 'with-human', agentLabel: 'with Otieno', agentVia: 'headset' })).label,
    ).toBe('With Otieno (headset)');
    expect(callStatus(liveCall({ phase: 'voicemail' })).label).toBe('Leaving voicemail');
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
    expect(canTakeOver({ phase: 'ai' })).toBe(true);
    expect(canTakeOver({ phase: 'queued' })).toBe(true);
    expect(canTakeOver({ phase: 'with-human' })).toBe(false);
    expect(canTakeOver({ phase: 'ended' })).toBe(false);
  });
});
