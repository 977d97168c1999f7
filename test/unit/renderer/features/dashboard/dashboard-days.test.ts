import { describe, expect, it } from 'vitest';
import {
  escalationTotals,
  lastDays,
  localDay,
} from '../../../../../renderer/src/features/dashboard/dashboard-days';

describe('dashboard days', () => {
  it('fills missing days with zeros, oldest first, ending today', () => {
    const now = new Date(2025, 5, 12, 15).getTime();
    const days = lastDays(
      [{ day: '2025-06-11', calls: 7, aiResolvedShare: 0.5, escalationsByReason: {}, costKesCents: 100 }],
      now,
      3,
    );
    expect(days.map((d) => `${d.day}:${d.calls}`)).toEqual(['2025-06-10:0', '2025-06-11:7', '2025-06-12:0']);
    expect(localDay(now)).toBe('2025-06-12');
  });

  it('sums escalations by reason, biggest first, without zeros', () => {
    const totals = escalationTotals([
      {
        day: 'a',
        calls: 1,
        aiResolvedShare: 0,
        escalationsByReason: { 'caller-asked': 2, 'ai-failure': 0 },
        costKesCents: 0,
      },
      {
        day: 'b',
        calls: 1,
        aiResolvedShare: 0,
        escalationsByReason: { 'caller-asked': 1, 'never-ai-topic': 4 },
        costKesCents: 0,
      },
    ]);
    expect(totals).toEqual([
      { label: 'never-ai-topic', value: 4 },
      { label: 'caller-asked', value: 3 },
    ]);
  });
});
