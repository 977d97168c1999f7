// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../../renderer/src/api/contract';
import { App } from '../../../../../renderer/src/app/App';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, liveCall, settle } from '../../fake-console';

afterEach(cleanup);

const wanjiru: Agent = { id: 'ag1', name: 'Wanjiru', number: '+254711000001', presence: 'available' };
const otieno: Agent = { id: 'ag2', name: 'Otieno', number: '+254711000002', presence: 'available' };

function serving(agents: readonly Agent[] = [wanjiru]) {
  const waiting = liveCall({
    callId: 'ESC',
    from: '+254722000111',
    phase: 'handing-off',
    escalationReason: 'caller-asked',
    startedAt: 1,
  });
  const ai = liveCall({ callId: 'AI', activity: 'ai-talking', lastLatencyMs: 640, startedAt: 2 });
  const fake = new FakeConsole()
    .handle('calls.list', () => [ai, waiting])
    .handle('agents.list', () => agents)
    .handle('queue.get', () => ({ waiting: 1, longestWaitMs: 75_000 }))
    .handle('status.get', () => ({ version: '1', publicUrl: 'http://x', provider: 'gemini', storeOk: true }))
    .handle('call.get', ({ callId }) => ({
      ...(callId === 'AI' ? ai : waiting),
      transcript: [
        { turnId: 1, speaker: 'caller' as const, text: 'I want a person', final: true, startMs: 500 },
      ],
      timeline: [{ at: 1, kind: 'escalation', summary: 'Escalation: caller-asked' }],
    }))
    .handle('call.takeOver', () => ({ accepted: true, via: 'phone' as const }));
  return fake;
}

async function mount(hash = '#/live', agents?: readonly Agent[]) {
  const h = makeModel(serving(agents), hash);
  renderWith(h, <App />);
  await act(() => settle(10));
  return h;
}

describe('live board', () => {
  it('says plainly when the built-in demo agent answers, on the board and on its calls', async () => {
    const demoCall = liveCall({ callId: 'DEMO', provider: 'demo', activity: 'ai-talking', startedAt: 3 });
    const fake = new FakeConsole()
      .handle('calls.list', () => [demoCall])
      .handle('agents.list', () => [])
      .handle('queue.get', () => ({ waiting: 0, longestWaitMs: 0 }))
      .handle('status.get', () => ({ version: '1', publicUrl: 'http://x', provider: 'demo', storeOk: true }));
    renderWith(makeModel(fake, '#/live'), <App />);
    await act(() => settle(10));
    expect(screen.getByTestId('demo-note').textContent).toMatch(
      /Demo mode\. No AI key is set.*not a real AI/,
    );
    const card = screen.getAllByTestId('call-card').find((c) => c.dataset.callId === 'DEMO')!;
    expect(within(card).getByText('Demo agent')).toBeTruthy();
  });

  it('shows no demo note when a real model answers', async () => {
    await mount();
    expect(screen.queryByTestId('demo-note')).toBeNull();
  });

  it('groups calls so the one that needs a person is first and obvious', async () => {
    await mount();
    const needs = screen.getByRole('region', { name: /Needs a person/ });
    const ai = screen.getByRole('region', { name: /AI is handling/ });
    expect(within(needs).getByText('+254 722 000 111')).toBeTruthy();
    expect(within(needs).getByText('Caller asked for a person')).toBeTruthy();
    expect(within(ai).getByTestId('call-status').textContent).toBe('AI talking');
    expect(within(ai).getByText('reply 640 ms')).toBeTruthy();
    expect(screen.getByTestId('queue').textContent).toMatch(/1caller waiting · longest 1:15/);
    expect(document.title).toBe('(1) Sauti Console');
  });

  it('takes a waiting call over to my phone from its card in one click, showing the progress', async () => {
    // One agent on the team: this window is that agent, without asking "Who are you?".
    const h = await mount();
    const card = screen.getAllByTestId('call-card').find((c) => c.dataset.callId === 'ESC')!;
    // Every live card offers both: here on the headset, or to my phone.
    const other = screen.getAllByTestId('call-card').find((c) => c.dataset.callId === 'AI')!;
    expect(within(other).getByRole('button', { name: /^Take over here/ })).toBeTruthy();
    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: /^Take over(?! here)/ }));
      await settle();
    });
    expect(h.fake.argsOf('call.takeOver')).toEqual([{ callId: 'ESC', agentId: 'ag1', via: 'phone' }]);
    act(() =>
      h.fake.emit(
        'call.changed',
        liveCall({ callId: 'ESC', phase: 'handing-off', agentLabel: 'ringing Wanjiru', startedAt: 1 }),
      ),
    );
    expect(within(card).getByRole('status').textContent).toMatch(/Ringing Wanjiru/);
    act(() =>
      h.fake.emit(
        'call.changed',
        liveCall({ callId: 'ESC', phase: 'with-human', agentLabel: 'with Wanjiru', startedAt: 1 }),
      ),
    );
    const agentGroup = screen.getByRole('region', { name: /With an agent/ });
    expect(within(agentGroup).getByTestId('call-status').textContent).toBe('With Wanjiru');
  });

  it('moves through calls with J and opens the call view with its conversation and actions', async () => {
    const h = await mount();
    await act(async () => {
      fireEvent.keyDown(document, { key: 'j' });
      await settle(10);
    });
    expect(h.hash).toBe('#/live/ESC');
    const view = await screen.findByTestId('call-view');
    expect(within(view).getByText('I want a person')).toBeTruthy();
    expect(within(view).getByText('Escalation: caller-asked')).toBeTruthy();
    const toolbar = within(view).getByRole('toolbar', { name: 'Call actions' });
    expect(
      within(toolbar)
        .getByRole('button', { name: /Whisper to AI/ })
        .hasAttribute('disabled'),
    ).toBe(true);
    expect(
      within(view)
        .getByRole('button', { name: /Hang up/ })
        .getAttribute('aria-keyshortcuts'),
    ).toBe('Shift+X');
  });

  it('asks whose phone should ring when I have not said who I am (a team of several)', async () => {
    const h = await mount('#/live/ESC', [wanjiru, otieno]);
    await act(async () => {
      fireEvent.keyDown(document, { key: 't' });
      await settle();
    });
    expect(await screen.findByText('Whose phone should ring?')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /Wanjiru/ }));
      await settle();
    });
    expect(h.fake.argsOf('call.takeOver')).toEqual([{ callId: 'ESC', agentId: 'ag1', via: 'phone' }]);
    expect(screen.queryByText('Whose phone should ring?')).toBeNull();
    expect(screen.getByTestId('takeover-message').textContent).toBe('The AI is handing the caller over…');
  });

  it('shows that the connection dropped', async () => {
    const h = await mount();
    act(() => h.fake.setStatus('reconnecting'));
    expect(screen.getByTestId('connection').textContent).toBe('Reconnecting…');
    expect(screen.getByText(/Calls keep being answered meanwhile/)).toBeTruthy();
  });
});
