import { describe, expect, it } from 'vitest';
import {
  reduceTakeOver,
  TakeOverStore,
  type TakeOverEvent,
} from '../../../../../renderer/src/features/live/take-over';
import { liveCall } from '../../fake-console';

function run(events: TakeOverEvent[]) {
  const store = new TakeOverStore();
  const stages: string[] = [];
  for (const e of events) {
    store.dispatch(e);
    stages.push(store.get().get('A')?.stage ?? 'none');
  }
  return { store, stages, progress: store.get().get('A') };
}

describe('take-over progress', () => {
  it('goes from the click to connected with the agent', () => {
    const { stages, progress } = run([
      { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
      { type: 'accepted', callId: 'A' },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'handing-off' }) },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'handing-off', agentLabel: 'ringing Wanjiru' }) },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'with-human', agentLabel: 'with Wanjiru' }) },
    ]);
    expect(stages).toEqual(['requesting', 'finding', 'finding', 'ringing', 'connected']);
    expect(progress?.message).toBe('Connected: the caller is with Wanjiru');
  });

  it('a headset take-over is on the call as soon as the core joins it', () => {
    const { stages, progress } = run([
      { type: 'requested', callId: 'A', targetName: 'you', via: 'headset' },
      { type: 'accepted', callId: 'A' },
      {
        type: 'call',
        call: liveCall({ callId: 'A', phase: 'with-human', agentLabel: 'with you', agentVia: 'headset' }),
      },
    ]);
    expect(stages).toEqual(['requesting', 'requesting', 'connected']);
    expect(progress?.message).toBe('Connected: you are talking to the caller on the headset');
  });

  it('shows whom it is ringing', () => {
    const { progress } = run([
      { type: 'requested', callId: 'A', targetName: 'Otieno', via: 'phone' },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'handing-off', agentLabel: 'ringing Otieno' }) },
    ]);
    expect(progress?.message).toMatch(/^Ringing Otieno/);
  });

  it('fails in plain words when the core refuses or the caller hangs up; a failed carrier redirect is no failure (the bridge rings the agent)', () => {
    expect(
      run([
        { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
        { type: 'refused', callId: 'A', message: 'That call has already ended.' },
      ]).progress,
    ).toMatchObject({ stage: 'failed', message: 'That call has already ended.' });
    expect(
      run([
        { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
        {
          type: 'timeline',
          callId: 'A',
          item: { at: 1, kind: 'redirect', summary: 'Redirect failed: HTTP 503' },
        },
      ]).progress,
    ).toMatchObject({ stage: 'requesting' });
    expect(
      run([
        { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
        { type: 'ended', callId: 'A', outcome: 'abandoned' },
      ]).progress,
    ).toMatchObject({ stage: 'failed', message: 'The call ended before anyone answered' });
  });

  it('says when nobody answered and the caller went to the queue, and when one agent did not answer', () => {
    const noAnswer = run([
      { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'handing-off', agentLabel: 'ringing Wanjiru' }) },
      { type: 'timeline', callId: 'A', item: { at: 2, kind: 'dial.result', summary: 'Dial no-answer' } },
    ]).progress;
    expect(noAnswer).toMatchObject({
      stage: 'finding',
      message: 'No answer (no-answer) — trying the next person…',
    });
    const queued = run([
      { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'queued' }) },
    ]).progress;
    expect(queued?.stage).toBe('failed');
    expect(queued?.message).toMatch(/queue/);
  });

  it('stays connected, then forgets the take-over when the connected call ends or is dismissed', () => {
    const { store, stages } = run([
      { type: 'requested', callId: 'A', targetName: 'you', via: 'phone' },
      { type: 'call', call: liveCall({ callId: 'A', phase: 'with-human', agentLabel: 'with Wanjiru' }) },
      { type: 'timeline', callId: 'A', item: { at: 3, kind: 'redirect', summary: 'Redirect failed: late' } },
      { type: 'ended', callId: 'A', outcome: 'agent-handled' },
    ]);
    expect(stages).toEqual(['requesting', 'connected', 'connected', 'none']);
    store.dispatch({ type: 'requested', callId: 'A', targetName: 'you', via: 'phone' });
    store.dispatch({ type: 'dismiss', callId: 'A' });
    expect(store.get().size).toBe(0);
  });

  it('ignores calls nobody is taking over, and knows when one is busy', () => {
    const state = new Map();
    expect(
      reduceTakeOver(state, { type: 'call', call: liveCall({ callId: 'B', phase: 'handing-off' }) }),
    ).toBe(state);
    const store = new TakeOverStore();
    store.dispatch({ type: 'requested', callId: 'A', targetName: 'you', via: 'phone' });
    expect(store.isBusy('A')).toBe(true);
    store.dispatch({ type: 'refused', callId: 'A', message: 'no' });
    expect(store.isBusy('A')).toBe(false);
  });
});
