// The history list over a seeded log: each filter returns exactly the matching calls, newest first,
// and keyset pages cover every row once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryFilters } from '../../../../bridge/api/contract';
import { encodeCursor, listHistory } from '../../../../bridge/store/queries/history';
import { newestFirst, p50, seedCalls, SEED_T0, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 60);
});
afterAll(() => t.close());

const ids = (filters: HistoryFilters) => listHistory(t.st, { filters, limit: 500 }).rows.map((r) => r.callId);

describe('listHistory', () => {
  it('lists every call newest first with its summary fields', () => {
    const page = listHistory(t.st, { limit: 500 });
    expect(page.rows.map((r) => r.callId)).toEqual(newestFirst(seeded));
    expect(page.next).toBeUndefined();
    const first = seeded.find((c) => c.callId === 'CA0003')!;
    expect(page.rows.find((r) => r.callId === 'CA0003')).toMatchObject({
      from: first.from,
      startedAt: first.startedAt,
      outcome: 'agent-handled',
      escalationReason: first.escalationReason,
      agentName: 'Otieno',
      provider: 'gemini',
      p50LatencyMs: p50(first.latenciesMs),
      costKesCents: first.costKesCents,
    });
  });

  it('filters by date range, outcome, escalation reason, agent, caller and p50 latency', () => {
    const from = SEED_T0 + 10 * 3_600_000;
    const to = SEED_T0 + 20 * 3_600_000;
    expect(ids({ from, to })).toEqual(
      newestFirst(seeded.filter((c) => c.startedAt >= from && c.startedAt < to)),
    );
    expect(ids({ outcome: 'agent-handled' })).toEqual(
      newestFirst(seeded.filter((c) => c.outcome === 'agent-handled')),
    );
    expect(ids({ escalationReason: 'never-ai-topic' })).toEqual(
      newestFirst(seeded.filter((c) => c.escalationReason === 'never-ai-topic')),
    );
    expect(ids({ agentId: 'agent-2' })).toEqual(newestFirst(seeded.filter((c) => c.agentId === 'agent-2')));
    expect(ids({ minLatencyMs: 700 })).toEqual(newestFirst(seeded.filter((c) => p50(c.latenciesMs) >= 700)));
    expect(ids({ outcome: 'agent-handled', agentId: 'agent-1', from })).toEqual(
      newestFirst(
        seeded.filter((c) => c.outcome === 'agent-handled' && c.agentId === 'agent-1' && c.startedAt >= from),
      ),
    );
    expect(ids({ outcome: 'voicemail' })).toEqual([]);
  });

  it('finds a caller by the number in any form, or by part of it', () => {
    const byCaller = newestFirst(seeded.filter((c) => c.from === '+254733000003'));
    expect(ids({ caller: '+254733000003' })).toEqual(byCaller);
    expect(ids({ caller: '0733 000 003' })).toEqual(byCaller);
    expect(ids({ caller: '254733000003' })).toEqual(byCaller);
    expect(ids({ caller: '000003' })).toEqual(byCaller);
    expect(ids({ caller: '0712' })).toEqual(newestFirst(seeded.filter((c) => c.from.startsWith('+254712'))));
    expect(ids({ caller: '712000' })).toEqual(newestFirst(seeded.filter((c) => c.from.includes('712000'))));
    expect(ids({ caller: '%' })).toEqual([]); // a wildcard typed by a person matches only itself
  });

  it('pages with a keyset cursor: every row once, in order, and a short last page', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = listHistory(t.st, { limit: 7, cursor });
      seen.push(...page.rows.map((r) => r.callId));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(seen).toEqual(newestFirst(seeded));
    expect(pages).toBe(Math.ceil(seeded.length / 7));
  });

  it('pages within a filter, and a cursor between two calls of the same millisecond keeps its place', () => {
    const escalated = newestFirst(seeded.filter((c) => c.outcome === 'agent-handled'));
    const first = listHistory(t.st, { filters: { outcome: 'agent-handled' }, limit: 5 });
    const second = listHistory(t.st, { filters: { outcome: 'agent-handled' }, limit: 5, cursor: first.next });
    expect([...first.rows, ...second.rows].map((r) => r.callId)).toEqual(escalated.slice(0, 10));
    // Same start time, ordered by id: the cursor sits between them.
    const at = seeded[5]!.startedAt;
    const after = listHistory(t.st, { cursor: encodeCursor({ startedAt: at, callId: 'CA0005' }), limit: 1 });
    expect(after.rows[0]?.callId).toBe('CA0004');
  });

  it('rejects a cursor that was not made by it', () => {
    for (const bad of [
      'not-base64!',
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
    ]) {
      expect(() => listHistory(t.st, { cursor: bad })).toThrow(
        expect.objectContaining({ code: 'STORE_BAD_CURSOR' }),
      );
    }
  });
});
