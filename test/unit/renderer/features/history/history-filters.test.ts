import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  snippetParts,
  toHistoryFilters,
} from '../../../../../renderer/src/features/history/history-filters';

describe('history filters', () => {
  it('sends only what was filled in, with whole local days', () => {
    const f = toHistoryFilters({
      ...EMPTY_FILTERS,
      fromDate: '2025-06-01',
      toDate: '2025-06-01',
      outcome: 'agent-handled',
      caller: ' +2547 ',
      minLatencyMs: '800',
    });
    expect(f.from).toBe(new Date(2025, 5, 1).getTime());
    expect(f.to).toBe(new Date(2025, 5, 2).getTime() - 1);
    expect(f).toMatchObject({ outcome: 'agent-handled', caller: '+2547', minLatencyMs: 800 });
    expect(f).not.toHaveProperty('agentId');
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
  });

  it('leaves out nonsense rather than sending it', () => {
    expect(toHistoryFilters({ ...EMPTY_FILTERS, fromDate: 'soon', minLatencyMs: '-5' })).toEqual({});
  });
});

describe('snippetParts', () => {
  it('splits a search snippet into plain text and matches', () => {
    expect(snippetParts('…open on [[Saturday]] at [[eight]]')).toEqual([
      { text: '…open on ', match: false },
      { text: 'Saturday', match: true },
      { text: ' at ', match: false },
      { text: 'eight', match: true },
    ]);
    expect(snippetParts('no match')).toEqual([{ text: 'no match', match: false }]);
  });
});
