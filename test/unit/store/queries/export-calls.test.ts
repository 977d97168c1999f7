import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCalls, MAX_EXPORT_CALLS } from '../../../../bridge/store/queries/export-calls';
import { seedCalls, SEED_T0, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 12);
});
afterAll(() => t.close());

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

describe('exportCalls', () => {
  it('exports one call as JSON with its record, lines and timeline', () => {
    const s = seeded[3]!;
    const file = exportCalls(t.st, { callId: s.callId, format: 'json' });
    expect(file.filename).toBe(`call-${s.callId}.json`);
    const json = JSON.parse(file.content);
    expect(json.call).toMatchObject({
      callId: s.callId,
      from: s.from,
      escalationReason: s.escalationReason,
      escalationDetail: 'escalated 3',
      agentId: 'agent-2',
    });
    expect(json.turns).toHaveLength(3);
    expect(json.timeline.map((i: { kind: string }) => i.kind)).toContain('agent.connected');
  });

  it('exports one call as CSV, one line per transcript line', () => {
    const s = seeded[2]!;
    const file = exportCalls(t.st, { callId: s.callId, format: 'csv' });
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual([
      'call_id',
      'turn_id',
      'speaker',
      'start_ms',
      'end_ms',
      'heard_ms',
      'interrupted',
      'latency_ms',
      'model_latency_ms',
      'text',
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[9]])).toEqual([
      ['agent', 'Habari, how can I help?'],
      ['caller', `I am calling about my ${s.topic} number 2`],
      ['agent', `Let me check your ${s.topic} for you.`],
    ]);
  });

  it('exports a date range as CSV (one row per call) and JSON (full records)', () => {
    const from = SEED_T0 + 2 * 3_600_000;
    const to = SEED_T0 + 7 * 3_600_000;
    const inRange = seeded.filter((c) => c.startedAt >= from && c.startedAt < to);
    const csv = exportCalls(t.st, { from, to, format: 'csv' });
    expect(csv.filename).toBe('calls-2026-03-01-to-2026-03-01.csv');
    const rows = parseCsv(csv.content);
    expect(rows.slice(1).map((r) => r[0])).toEqual(inRange.map((c) => c.callId));
    const header = rows[0]!;
    expect(rows.slice(1).map((r) => r[header.indexOf('from')])).toEqual(inRange.map((c) => c.from));
    expect(rows.slice(1).map((r) => Number(r[header.indexOf('cost_kes_cents')]))).toEqual(
      inRange.map((c) => c.costKesCents),
    );
    const json = JSON.parse(exportCalls(t.st, { from, to, format: 'json' }).content);
    expect(json.calls.map((c: { call: { callId: string } }) => c.call.callId)).toEqual(
      inRange.map((c) => c.callId),
    );
  });

  it('refuses an export without a call or a proper range, and a call that is not there', () => {
    expect(() => exportCalls(t.st, { format: 'csv' })).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_EXPORT' }),
    );
    expect(() => exportCalls(t.st, { from: 10, to: 5, format: 'csv' })).toThrow(
      expect.objectContaining({ code: 'STORE_BAD_EXPORT' }),
    );
    expect(() => exportCalls(t.st, { callId: 'nope', format: 'json' })).toThrow(
      expect.objectContaining({ code: 'STORE_CALL_NOT_FOUND' }),
    );
    expect(MAX_EXPORT_CALLS).toBeGreaterThan(seeded.length);
  });
});
