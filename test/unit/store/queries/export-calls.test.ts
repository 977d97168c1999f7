// Exports as people read them: one call (lines as CSV, the record as JSON) and the log — a range or all
// of it — in parts that join into one file; local times with their offset, shillings, whole seconds,
// and cells a spreadsheet would run as formulas defused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCalls, type ExportArgs, type ExportFile } from '../../../../bridge/store/queries/export-calls';
import { LOG_HEADER } from '../../../../bridge/store/queries/export-log';
import { CallScript } from '../call-script';
import { seedCalls, SEED_T0, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 12);
});
afterAll(() => t.close());

const NAIROBI = 'Africa/Nairobi';
const NOW = SEED_T0 + 30 * 86_400_000;
const args = (over: Partial<ExportArgs> & Pick<ExportArgs, 'format'>): ExportArgs => ({
  timeZone: NAIROBI,
  nowMs: NOW,
  ...over,
});

/** A small RFC 4180 reader for checking what was written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** Every part of a range export, asked for as the window does: again with `next` until none. */
function allParts(request: ExportArgs, partChars?: number): { parts: ExportFile[]; content: string } {
  const parts: ExportFile[] = [];
  let cursor: string | undefined;
  do {
    const part = exportCalls(t.st, { ...request, ...(cursor ? { cursor } : {}) }, partChars);
    parts.push(part);
    cursor = part.next;
  } while (cursor);
  return { parts, content: parts.map((p) => p.content).join('') };
}

/** Rows of a CSV as objects by header. */
function records(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe('exportCalls: one call', () => {
  it('exports its record, lines and timeline as JSON, with local times and readable figures', () => {
    const s = seeded[3]!;
    const file = exportCalls(t.st, args({ callId: s.callId, format: 'json' }));
    expect(file).toMatchObject({ filename: `call-${s.callId}.json`, calls: 1 });
    expect(file.next).toBeUndefined();
    const json = JSON.parse(file.content);
    expect(json.timeZone).toBe(NAIROBI);
    expect(json.call).toMatchObject({
      callId: s.callId,
      from: s.from,
      escalationReason: s.escalationReason,
      escalationDetail: 'escalated 3',
      agentId: 'agent-2',
      startedAt: s.startedAt,
      // 09:00 UTC on 1 March is noon in Nairobi.
      startedLocal: '2026-03-01T12:00:00+03:00',
      costKes: '1.03',
      costKesCents: 103,
    });
    expect(json.call.durationS).toBe(Math.round(json.call.durationMs / 1000));
    expect(json.turns).toHaveLength(3);
    expect(json.timeline.map((i: { kind: string }) => i.kind)).toContain('agent.connected');
    expect(json.timeline[0].local).toMatch(/^2026-03-01T12:00:0\d\+03:00$/);
  });

  it('exports its lines as CSV, offsets in seconds and latencies in whole milliseconds', () => {
    const s = seeded[2]!;
    const rows = parseCsv(exportCalls(t.st, args({ callId: s.callId, format: 'csv' })).content);
    expect(rows[0]).toEqual([
      'call_id',
      'turn',
      'speaker',
      'start_s',
      'end_s',
      'heard_s',
      'interrupted',
      'reply_latency_ms',
      'model_latency_ms',
      'text',
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[9]])).toEqual([
      ['agent', 'Habari, how can I help?'],
      ['caller', `I am calling about my ${s.topic} number 2`],
      ['agent', `Let me check your ${s.topic} for you.`],
    ]);
    expect(rows[1]![7]).toBe(String(s.latenciesMs[0]));
    for (const r of rows.slice(1)) expect(r[3]).toMatch(/^\d+(\.\d)?$/);
  });
});

describe('exportCalls: the log', () => {
  it('exports a date range as CSV, one row per call, as a team lead reads it', () => {
    const from = SEED_T0 + 2 * 3_600_000;
    const to = SEED_T0 + 7 * 3_600_000;
    const inRange = seeded.filter((c) => c.startedAt >= from && c.startedAt < to);
    const { parts, content } = allParts(args({ from, to, format: 'csv' }));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ filename: 'calls-2026-03-01-to-2026-03-01.csv', calls: inRange.length });
    expect(parseCsv(content)[0]).toEqual([...LOG_HEADER]);
    const rows = records(content);
    expect(rows.map((r) => r.call_id)).toEqual(inRange.map((c) => c.callId));
    const first = rows[0]!;
    const call = inRange[0]!;
    expect(first).toMatchObject({
      // 08:00 UTC is 11:00 in Nairobi, in the form spreadsheets read as a date and time.
      started: '2026-03-01 11:00:00',
      time_zone: 'UTC+03:00',
      from: call.from,
      outcome: call.outcome,
      escalation_reason: call.escalationReason ?? '',
      agent: call.escalationReason ? expect.any(String) : '',
      cost_kes: (call.costKesCents / 100).toFixed(2),
      cost_phone_in_kes: (call.costKesCents / 100).toFixed(2),
    });
    expect(first.duration_s).toMatch(/^\d+$/);
    expect(first.duration).toMatch(/^0:00:\d\d$/);
    const [, minutes, seconds] = first.duration!.split(':').map(Number);
    expect(Number(first.duration_s)).toBe(minutes! * 60 + seconds!);
    expect(first.ended).toMatch(/^2026-03-01 11:00:\d\d$/);
  });

  it('exports the whole log in parts that join into one file, CSV and JSON alike', () => {
    const whole = allParts(args({ format: 'csv' }));
    expect(whole.parts).toHaveLength(1);
    expect(whole.parts[0]!.filename).toBe('calls-all-2026-03-31.csv');
    expect(records(whole.content).map((r) => r.call_id)).toEqual(seeded.map((c) => c.callId));

    // Small parts (about 500 characters): the same file, written a few rows at a time.
    const inParts = allParts(args({ format: 'csv' }), 500);
    expect(inParts.parts.length).toBeGreaterThan(3);
    expect(inParts.content).toBe(whole.content);
    expect(inParts.parts.reduce((n, p) => n + p.calls, 0)).toBe(seeded.length);
    expect(new Set(inParts.parts.map((p) => p.filename))).toEqual(new Set(['calls-all-2026-03-31.csv']));

    const json = allParts(args({ format: 'json' }), 1000);
    expect(json.parts.length).toBeGreaterThan(3);
    const parsed = JSON.parse(json.content);
    expect(parsed).toMatchObject({ timeZone: NAIROBI, from: null, to: '2026-03-31T09:00:00+03:00' });
    expect(parsed.calls.map((c: { call: { callId: string } }) => c.call.callId)).toEqual(
      seeded.map((c) => c.callId),
    );
    expect(parsed.calls[0].turns).toHaveLength(3);
    expect(JSON.parse(allParts(args({ format: 'json' })).content)).toEqual(parsed);
  });

  it('writes an empty range as a file with its header only', () => {
    const from = SEED_T0 - 10 * 86_400_000;
    const csv = exportCalls(t.st, args({ from, to: from + 86_400_000, format: 'csv' }));
    expect(parseCsv(csv.content)).toEqual([[...LOG_HEADER]]);
    const json = JSON.parse(exportCalls(t.st, args({ from, to: from + 86_400_000, format: 'json' })).content);
    expect(json.calls).toEqual([]);
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const db = openTestDb();
    try {
      const at = SEED_T0;
      db.record(
        new CallScript('EVIL', at, '+254700000009')
          .started()
          .escalate('caller-asked', '=HYPERLINK("http://evil.example","click")')
          .ended('agent-handled').events,
      );
      const [row] = records(exportCalls(db.st, args({ from: at, to: at + 1, format: 'csv' })).content);
      expect(row!.escalation_detail).toBe('\'=HYPERLINK("http://evil.example","click")');
      expect(row!.from).toBe('+254700000009');
    } finally {
      db.close();
    }
  });

  it('writes the times of each call in its own offset when the time zone has daylight saving', () => {
    const db = openTestDb();
    try {
      const winter = Date.UTC(2026, 0, 15, 12);
      const summer = Date.UTC(2026, 6, 15, 12);
      db.record(new CallScript('WINTER', winter).started().ended('ai-resolved').events);
      db.record(new CallScript('SUMMER', summer).started().ended('ai-resolved').events);
      const rows = records(
        exportCalls(db.st, { format: 'csv', timeZone: 'Europe/London', nowMs: summer + 86_400_000 }).content,
      );
      expect(rows.map((r) => [r.call_id, r.started, r.time_zone])).toEqual([
        ['WINTER', '2026-01-15 12:00:00', 'UTC+00:00'],
        ['SUMMER', '2026-07-15 13:00:00', 'UTC+01:00'],
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses a backwards range, an unknown time zone, a damaged cursor and a missing call', () => {
    expect(() => exportCalls(t.st, args({ from: 10, to: 5, format: 'csv' }))).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_EXPORT' }),
    );
    expect(() => exportCalls(t.st, args({ format: 'csv', timeZone: 'Mars/Olympus' }))).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_EXPORT', message: expect.stringContaining('Mars/Olympus') }),
    );
    expect(() => exportCalls(t.st, args({ format: 'csv', cursor: 'bm90IGEgY3Vyc29y' }))).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_CURSOR' }),
    );
    expect(() => exportCalls(t.st, args({ callId: 'nope', format: 'json' }))).toThrow(
      expect.objectContaining({ code: 'STORE_CALL_NOT_FOUND' }),
    );
  });
});
