// Full-text search over a seeded log: the right lines, newest first, matches wrapped in [[ ]], and
// whatever a person types is a search, never FTS5 syntax.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTranscripts, toFtsQuery } from '../../../../bridge/store/queries/search';
import { newestFirst, seedCalls, type SeededCall } from '../seed';
import { openTestDb, type TestDb } from '../test-db';

let t: TestDb;
let seeded: SeededCall[];
beforeAll(() => {
  t = openTestDb();
  seeded = seedCalls(t, 30);
});
afterAll(() => t.close());

describe('toFtsQuery', () => {
  it('quotes every word, requires all of them and treats the last as a prefix', () => {
    expect(toFtsQuery('mpesa reversal')).toBe('"mpesa" "reversal"*');
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('"; DROP TABLE turns; --')).toBe('"DROP" "TABLE" "turns"*');
    expect(toFtsQuery('NEAR(a b) OR c*')).toBe('"NEAR" "a" "b" "OR" "c"*');
    expect(toFtsQuery('naomba msaada')).toBe('"naomba" "msaada"*');
  });
});

describe('searchTranscripts', () => {
  it('finds the lines with every word, newest first, with matches in [[ ]]', () => {
    const hits = searchTranscripts(t.st, { query: 'mpesa reversal', limit: 200 });
    const expected = seeded.filter((c) => c.topic === 'mpesa reversal');
    // Each such call has the caller's line and the agent's reply.
    expect(hits).toHaveLength(expected.length * 2);
    expect([...new Set(hits.map((h) => h.callId))]).toEqual(newestFirst(expected));
    expect(hits[0]).toMatchObject({
      callId: newestFirst(expected)[0],
      speaker: 'agent',
      from: expected.at(-1)!.from,
    });
    expect(hits[0]!.snippet).toBe('Let me check your [[mpesa]] [[reversal]] for you.');
    expect(hits[1]!.snippet).toMatch(/^I am calling about my \[\[mpesa\]\] \[\[reversal\]\] number \d+$/);
  });

  it('matches a word being typed as a prefix, and respects the limit', () => {
    expect(searchTranscripts(t.st, { query: 'repay', limit: 200 }).length).toBe(
      seeded.filter((c) => c.topic === 'loan repayment').length * 2,
    );
    expect(searchTranscripts(t.st, { query: 'habari', limit: 3 })).toHaveLength(3);
  });

  it('returns nothing for punctuation or hostile syntax instead of failing', () => {
    expect(searchTranscripts(t.st, { query: '***' })).toEqual([]);
    expect(searchTranscripts(t.st, { query: '"unbalanced' })).toEqual([]);
    expect(searchTranscripts(t.st, { query: 'balance AND NOT' })).toEqual([]);
  });
});
