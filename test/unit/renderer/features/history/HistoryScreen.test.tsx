// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallDetail } from '../../../../../renderer/src/api/contract';
import { HistoryScreen } from '../../../../../renderer/src/features/history/HistoryScreen';
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
    expect(f.argsOf('history.export')).toEqual([
      { callId: 'A', format: 'csv', timeZone: expect.any(String) },
    ]);
    expect(created[0]?.type).toBe('text/csv');
  });

  it('explains when the call log is not available', async () => {
    const f = new FakeConsole().fail('history.list', 'STORE_UNAVAILABLE', 'The call log could not be opened');
    const h = makeModel(f, '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    expect(screen.getByRole('alert').textContent).toMatch(/The call log could not be opened/);
  });

  it("exports a date range in parts into one file, with the times in this window's time zone", async () => {
    const parts = ['call_id,started\r\nA,2026-12-01 10:00:00\r\n', 'B,2026-12-02 11:00:00\r\n'];
    const f = fake().handle('history.export', (args) => {
      const i = args.cursor ? 1 : 0;
      return {
        filename: 'calls-2026-12-01-to-2026-12-06.csv',
        content: parts[i]!,
        calls: 1,
        ...(i === 0 ? { next: 'part-2' } : {}),
      };
    });
    const h = makeModel(f, '#/history');
    const created: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:x';
    };
    try {
      renderWith(h, <HistoryScreen callId={undefined} />);
      await act(() => settle(10));
      fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
      const dialog = screen.getByRole('dialog', { name: 'Export calls' });
      fireEvent.click(within(dialog).getByLabelText('From one day to another'));
      fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: '2026-12-01' } });
      fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-12-06' } });
      expect(within(dialog).getByText(/Times are written in .+, this computer’s time zone/)).toBeTruthy();
      await act(async () => {
        fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
        await settle(10);
      });
    } finally {
      URL.createObjectURL = original;
    }
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const range = {
      format: 'csv',
      timeZone,
      from: new Date(2026, 11, 1).getTime(),
      to: new Date(2026, 11, 7).getTime(),
    };
    expect(f.argsOf('history.export')).toEqual([range, { ...range, cursor: 'part-2' }]);
    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('text/csv');
    expect(await created[0]!.text()).toBe(parts.join(''));
    expect(screen.queryByRole('dialog', { name: 'Export calls' })).toBeNull();
  });

  it('exports the whole log as JSON, and says why when the export fails', async () => {
    const f = fake().fail('history.export', 'TEAM_HOST_ONLY', 'Only the host can export the call log');
    const h = makeModel(f, '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = screen.getByRole('dialog', { name: 'Export calls' });
    fireEvent.click(within(dialog).getByLabelText(/JSON/));
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
      await settle(10);
    });
    expect(f.argsOf('history.export')).toEqual([{ format: 'json', timeZone: expect.any(String) }]);
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Export failed: Only the host can export the call log',
    );
  });

  it("leaves Export… out of a teammate's window (bulk export is the host's)", async () => {
    const f = fake().handle('status.get', () => ({
      version: '0.1.0',
      publicUrl: 'https://sauti.example.org',
      provider: 'gemini',
      storeOk: true,
      agentId: 'ag-me',
    }));
    const h = makeModel(f, '#/history');
    renderWith(h, <HistoryScreen callId={undefined} />);
    await act(() => settle(10));
    expect(screen.queryByRole('button', { name: 'Export…' })).toBeNull();
  });
});
