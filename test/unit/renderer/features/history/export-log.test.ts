// The window's side of a log export: the range people chose as console arguments (whole local days,
// the last day included), and the loop that fetches every part in order, stops when asked and keeps
// the parts as they came.
import { describe, expect, it } from 'vitest';
import type { CommandArgs, CommandResult } from '../../../../../renderer/src/api/contract';
import { exportArgs, fetchExport } from '../../../../../renderer/src/features/history/export-log';

type Args = CommandArgs<'history.export'>;

/** A core that answers a range in three parts, as bridge/store/queries/export-log.ts does. */
function partsCore(parts: readonly string[]) {
  const asked: Args[] = [];
  return {
    asked,
    call(_name: 'history.export', args: Args): Promise<CommandResult<'history.export'>> {
      asked.push(args);
      const i = args.cursor ? Number(args.cursor) : 0;
      return Promise.resolve({
        filename: 'calls-all-2026-12-06.csv',
        content: parts[i]!,
        calls: 2,
        ...(i + 1 < parts.length ? { next: String(i + 1) } : {}),
      });
    },
  };
}

describe('exportArgs', () => {
  it('asks for the whole log with no range, and for whole local days with the last one included', () => {
    expect(exportArgs({ kind: 'all' }, 'csv', 'Africa/Nairobi')).toEqual({
      ok: true,
      args: { format: 'csv', timeZone: 'Africa/Nairobi' },
    });
    expect(exportArgs({ kind: 'days', fromDate: '2026-12-01', toDate: '2026-12-06' }, 'json', 'UTC')).toEqual(
      {
        ok: true,
        args: {
          format: 'json',
          timeZone: 'UTC',
          from: new Date(2026, 11, 1).getTime(),
          to: new Date(2026, 11, 7).getTime(),
        },
      },
    );
  });

  it('says what is wrong with a range in words', () => {
    expect(exportArgs({ kind: 'days', fromDate: '', toDate: '2026-12-06' }, 'csv', 'UTC')).toEqual({
      ok: false,
      problem: 'Choose both dates.',
    });
    expect(exportArgs({ kind: 'days', fromDate: '2026-12-07', toDate: '2026-12-06' }, 'csv', 'UTC')).toEqual({
      ok: false,
      problem: 'The first date must not be after the last.',
    });
  });
});

describe('fetchExport', () => {
  it('fetches every part in order with the cursor each gives, and keeps the parts as they came', async () => {
    const core = partsCore(['head\r\n1\r\n2\r\n', '3\r\n4\r\n', '5\r\n6\r\n']);
    const progress: number[] = [];
    const file = await fetchExport(
      core,
      { format: 'csv', timeZone: 'UTC' },
      (n) => progress.push(n),
      () => false,
    );
    expect(file).toEqual({
      filename: 'calls-all-2026-12-06.csv',
      parts: ['head\r\n1\r\n2\r\n', '3\r\n4\r\n', '5\r\n6\r\n'],
      calls: 6,
    });
    expect(core.asked).toEqual([
      { format: 'csv', timeZone: 'UTC' },
      { format: 'csv', timeZone: 'UTC', cursor: '1' },
      { format: 'csv', timeZone: 'UTC', cursor: '2' },
    ]);
    expect(progress).toEqual([2, 4, 6]);
  });

  it('stops between parts when the person stops it', async () => {
    const core = partsCore(['a', 'b', 'c']);
    let stop = false;
    const file = await fetchExport(
      core,
      { format: 'csv' },
      () => (stop = true),
      () => stop,
    );
    expect(file).toBeNull();
    expect(core.asked).toHaveLength(1);
  });
});
