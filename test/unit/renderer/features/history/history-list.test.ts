import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../../../../renderer/src/api/contract';
import { HistoryList, PAGE_SIZE } from '../../../../../renderer/src/features/history/history-list';
import { FakeConsole, settle } from '../../fake-console';

const row = (id: string): HistoryRow => ({
  callId: id,
  from: '+254712345678',
  to: 'x',
  startedAt: 1,
  costKesCents: 0,
});

describe('HistoryList', () => {
  it('loads the first page, then the next by cursor until the last', async () => {
    const c = new FakeConsole().handle('history.list', ({ cursor }) =>
      cursor ? { rows: [row('C')] } : { rows: [row('A'), row('B')], next: 'cur-1' },
    );
    const list = new HistoryList(c);
    await list.load({ outcome: 'voicemail' });
    expect(list.get()).toMatchObject({ loading: false, done: false, next: 'cur-1' });
    await list.loadMore();
    expect(list.get().rows.map((r) => r.callId)).toEqual(['A', 'B', 'C']);
    expect(list.get().done).toBe(true);
    await list.loadMore();
    expect(c.argsOf('history.list')).toEqual([
      { filters: { outcome: 'voicemail' }, limit: PAGE_SIZE },
      { filters: { outcome: 'voicemail' }, limit: PAGE_SIZE, cursor: 'cur-1' },
    ]);
  });

  it('lets a newer query win over an older answer', async () => {
    let release: (() => void) | null = null;
    const c = new FakeConsole().handle('history.list', ({ filters }) =>
      filters?.caller === 'old'
        ? new Promise((r) => (release = () => r({ rows: [row('OLD')] })))
        : { rows: [row('NEW')] },
    );
    const list = new HistoryList(c);
    const old = list.load({ caller: 'old' });
    await list.load({ caller: 'new' });
    await settle();
    release!();
    await old;
    expect(list.get().rows.map((r) => r.callId)).toEqual(['NEW']);
  });

  it('keeps the rows and says what failed', async () => {
    const c = new FakeConsole().fail('history.list', 'STORE_UNAVAILABLE', 'The call log is not open');
    const list = new HistoryList(c);
    await list.load({});
    expect(list.get()).toMatchObject({ loading: false, error: 'The call log is not open', rows: [] });
  });
});
