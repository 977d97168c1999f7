// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallDetail } from '../../../../../renderer/src/api/contract';
import { HistoryScreen } from '../../../../../renderer/src/views/history/HistoryScreen';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, settle } from '../../fake-console';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const detail: CallDetail = {
  call: {
    callId: 'A',
    from: '+254712345678',
    to: 'x',
    startedAt: new Date(2025, 5, 12, 10, 30).getTime(),
    durationMs: 95_000,
    outcome: 'agent-handled',
    escalationReason: 'caller-asked',
    agentName: 'Wanjiru',
    provider: 'gemini',
    costKesCents: 1250,
    costByComponent: { 'carrier-inbound': 250, ai: 1000 },
  },
  turns: [
    { turnId: 1, speaker: 'caller', text: 'When do you open on Saturday?', final: true, startMs: 0 },
    { turnId: 1, speaker: 'agent', text: 'At eight.', final: true, startMs: 2000, latencyMs: 700 },
    { turnId: 2, speaker: 'agent', text: 'Anything else?', final: true, startMs: 5000, latencyMs: 900 },
  ],
  timeline: [{ at: 1, kind: 'agent.connected', summary: 'Connected to Wanjiru' }],
};

function fake() {
  return new FakeConsole()
    .handle('history.list', () => ({ rows: [detail.call] }))
    .handle('history.search', ({ query }) => [
      {
        callId: 'A',
        startedAt: detail.call.startedAt,
        from: detail.call.from,
        speaker: 'caller',
        snippet: `open on [[${query}]]?`,
      },
    ])
    .handle('history.detail', () => detail)
    .handle('history.export', ({ format }) => ({ filename: `call-A.${format}`, content: 'x' }));
}

describe('History', () => {
  it('lists logged calls with outcome, reason, agent and cost', async () => {
    const h = makeModel(fake(), '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    const row = within(screen.getByTestId('history-rows')).getByRole('link');
    expect(row.textContent).toMatch(
      /\+254 712 345 678.*Agent handled.*Caller asked for a person.*Wanjiru.*1:35.*KES 12\.50/,
    );
    expect(row.getAttribute('href')).toBe('#/history/A');
  });

  it('searches what was said and highlights the match', async () => {
    vi.useFakeTimers();
    const f = fake();
    const h = makeModel(f, '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search what was said' }), {
      target: { value: 'Saturday' },
    });
    await act(async () => {
      vi.advanceTimersByTime(300);
      await settle();
    });
    expect(f.argsOf('history.search')).toEqual([{ query: 'Saturday', limit: 100 }]);
    const hits = screen.getByTestId('search-hits');
    expect(within(hits).getByText('Saturday').tagName).toBe('MARK');
  });

  it('shows a call record with its latency per turn, cost and transcript', async () => {
    const h = makeModel(fake(), '#/history/A');
    renderWith(h, <HistoryScreen callId="A" />);
    await act(() => settle(10));
    const record = screen.getByTestId('call-record');
    expect(within(record).getByText('When do you open on Saturday?')).toBeTruthy();
    expect(within(record).getByText(/p50 700 ms · p95 900 ms/)).toBeTruthy();
    expect(within(record).getByText(/Phone line \(in\) KES 2\.50, AI KES 10\.00/)).toBeTruthy();
    expect(record.querySelectorAll('rect.chart-bar')).toHaveLength(2);
    expect(within(record).getByText('Connected to Wanjiru')).toBeTruthy();
  });

  it('exports a call as CSV through a download', async () => {
    const f = fake();
    const h = makeModel(f, '#/history/A');
    const created: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:x';
    };
    try {
      renderWith(h, <HistoryScreen callId="A" />);
      await act(() => settle(10));
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
        await settle();
      });
    } finally {
      URL.createObjectURL = original;
    }
    expect(f.argsOf('history.export')).toEqual([{ callId: 'A', format: 'csv' }]);
    expect(created[0]?.type).toBe('text/csv');
  });

  it('explains when the call log is not available', async () => {
    const f = new FakeConsole().fail('history.list', 'STORE_UNAVAILABLE', 'The call log could not be opened');
    const h = makeModel(f, '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    expect(screen.getByRole('alert').textContent).toMatch(/The call log could not be opened/);
  });
});
