// Exporting the call log from the window: the range as the person chose it (the whole log, or whole
// days from one date to another in this window's time zone) and the loop that asks the core for the
// file part by part (the core writes a range in parts so a long log never travels as one message),
// keeping the parts as they come so the file is made from them without one huge string. No DOM.
import type { CommandArgs, CommandResult } from '../../api/contract';

type ExportArgs = CommandArgs<'history.export'>;

/** What `history.export` needs from the console client. */
export interface ExportClient {
  call(name: 'history.export', args: ExportArgs): Promise<CommandResult<'history.export'>>;
}

export type ExportRange =
  { readonly kind: 'all' } | { readonly kind: 'days'; readonly fromDate: string; readonly toDate: string };

/** This window's time zone: the export's times are written in it. */
export function windowTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function localDay(date: string, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** The console arguments for a range, or the reason it is not one (in words for the dialog). */
export function exportArgs(
  range: ExportRange,
  format: 'csv' | 'json',
  timeZone: string,
): { ok: true; args: ExportArgs } | { ok: false; problem: string } {
  if (range.kind === 'all') return { ok: true, args: { format, timeZone } };
  const from = localDay(range.fromDate);
  // The "to" day is included whole: the range ends at the start of the day after it.
  const to = localDay(range.toDate, 1);
  if (from === undefined || to === undefined) return { ok: false, problem: 'Choose both dates.' };
  if (to <= from) return { ok: false, problem: 'The first date must not be after the last.' };
  return { ok: true, args: { format, timeZone, from, to } };
}

export interface ExportedFile {
  readonly filename: string;
  readonly parts: readonly string[];
  readonly calls: number;
}

/**
 * Asks for every part of the export in turn; `onProgress` hears the calls so far. Resolves null when
 * `cancelled()` turned true between parts; rejects with the console's error.
 */
export async function fetchExport(
  client: ExportClient,
  args: ExportArgs,
  onProgress: (calls: number) => void,
  cancelled: () => boolean,
): Promise<ExportedFile | null> {
  const parts: string[] = [];
  let calls = 0;
  let filename = '';
  let cursor: string | undefined;
  do {
    if (cancelled()) return null;
    const part = await client.call('history.export', cursor ? { ...args, cursor } : args);
    if (cancelled()) return null;
    filename ||= part.filename;
    parts.push(part.content);
    calls += part.calls ?? 0;
    onProgress(calls);
    cursor = part.next;
  } while (cursor);
  return { filename, parts, calls };
}
