// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallbackRow } from '../../../../../renderer/src/api/contract';
import { CallbacksPanel } from '../../../../../renderer/src/features/callbacks/CallbacksPanel';
import { fetchVoicemail } from '../../../../../renderer/src/features/callbacks/voicemail-audio';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, settle } from '../../fake-console';

afterEach(cleanup);

const row = (callId: string, from: string): CallbackRow => ({
  callId,
  from,
  to: '+254709000000',
  startedAt: Date.UTC(2026, 11, 6, 9, 30),
  costKesCents: 0,
  outcome: 'voicemail',
  recording: 'here',
  voicemailDurationS: 12,
});

describe('CallbacksPanel', () => {
  it('lists callers who left a message, and takes one off once called back', async () => {
    let list = [row('A', '+254711000001'), row('B', '+254711000002')];
    const fake = new FakeConsole()
      .handle('callbacks.list', () => list)
      .handle('callback.done', ({ callId }) => {
        list = list.filter((r) => r.callId !== callId);
        return { ...row(callId, '+254711000001'), doneAt: 1 };
      });
    renderWith(makeModel(fake), <CallbacksPanel />);
    await act(() => settle(5));
    expect(screen.getByTestId('callbacks').textContent).toMatch(/To call back\s*2/);
    expect(screen.getAllByRole('button', { name: /Play the message \(0:12\)/ })).toHaveLength(2);
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Called back' })[0]!);
      await settle(5);
    });
    expect(fake.argsOf('callback.done')).toEqual([{ callId: 'A', done: true }]);
    expect(screen.getByTestId('callbacks').textContent).toMatch(/To call back\s*1/);
    // A new message anywhere refreshes the list.
    list = [...list, row('C', '+254711000003')];
    await act(async () => {
      fake.emit('callbacks.changed', { callId: 'C' });
      await settle(5);
    });
    expect(screen.getByTestId('callbacks').textContent).toMatch(/To call back\s*2/);
  });

  it('shows nothing when nobody is waiting for a call back', async () => {
    renderWith(makeModel(new FakeConsole().handle('callbacks.list', () => [])), <CallbacksPanel />);
    await act(() => settle(5));
    expect(screen.queryByTestId('callbacks')).toBeNull();
  });
});

describe('fetchVoicemail', () => {
  it('joins the parts of a recording into one file', async () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const b64 = (from: number, to: number) => btoa(String.fromCharCode(...bytes.subarray(from, to)));
    const fake = new FakeConsole().handle('history.voicemail', ({ offset }) =>
      offset === 0
        ? { contentType: 'audio/wav' as const, base64: b64(0, 6), offset: 0, totalBytes: 10, next: 6 }
        : { contentType: 'audio/wav' as const, base64: b64(6, 10), offset: 6, totalBytes: 10 },
    );
    expect([...(await fetchVoicemail(fake, 'A'))]).toEqual([...bytes]);
    expect(fake.argsOf('history.voicemail')).toEqual([
      { callId: 'A', offset: 0 },
      { callId: 'A', offset: 6 },
    ]);
  });
});
