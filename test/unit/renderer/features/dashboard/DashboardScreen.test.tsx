// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailySummary } from '../../../../../renderer/src/api/contract';
import { DashboardScreen } from '../../../../../renderer/src/features/dashboard/DashboardScreen';
import { localDay } from '../../../../../renderer/src/features/dashboard/dashboard-days';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, settle } from '../../fake-console';

afterEach(cleanup);

function showToday(today: Omit<DailySummary, 'day'>) {
  const fake = new FakeConsole().handle('stats.daily', () => [{ day: localDay(Date.now()), ...today }]);
  renderWith(makeModel(fake, '#/dashboard'), <DashboardScreen />);
  return act(() => settle(10));
}

describe('Dashboard', () => {
  it('gives the AI-resolved share of all calls today, with the count it comes from', async () => {
    // Five calls today: one resolved by the AI, four escalated (some still live).
    await showToday({
      calls: 5,
      aiResolvedShare: 1 / 5,
      escalationsByReason: { 'caller-asked': 3, 'ai-failure': 1 },
      costKesCents: 0,
    });
    expect(screen.getByTestId('kpi-calls').textContent).toBe('5');
    expect(screen.getByRole('img', { name: /^Resolved by the AI/ }).getAttribute('aria-label')).toBe(
      'Resolved by the AI, of all calls today: 20%',
    );
    expect(screen.getByTestId('kpi-ai-resolved').textContent).toBe('1 of 5 calls today, no person needed');
  });

  it('shows no share before the first call of the day', async () => {
    await showToday({ calls: 0, aiResolvedShare: 0, escalationsByReason: {}, costKesCents: 0 });
    expect(screen.getByRole('img', { name: /^Resolved by the AI/ }).getAttribute('aria-label')).toMatch(
      /: —$/,
    );
    expect(screen.getByTestId('kpi-ai-resolved').textContent).toBe('0 of 0 calls today, no person needed');
  });
});
