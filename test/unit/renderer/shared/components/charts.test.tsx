// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BarList } from '../../../../../renderer/src/shared/components/charts/BarList';
import {
  integerAxis,
  niceMax,
  quantile,
} from '../../../../../renderer/src/shared/components/charts/chart-scale';
import { ColumnChart } from '../../../../../renderer/src/shared/components/charts/ColumnChart';

afterEach(cleanup);

describe('chart scales', () => {
  it('rounds the axis up to a readable maximum, counts on whole numbers', () => {
    expect([niceMax(0), niceMax(7), niceMax(130), niceMax(0.3)]).toEqual([1, 10, 200, 0.5]);
    expect(integerAxis(1)).toEqual({ max: 4, count: 4 });
    expect(integerAxis(7)).toEqual({ max: 10, count: 5 });
  });

  it('takes quantiles by nearest rank', () => {
    expect(quantile([300, 100, 200, 400], 0.5)).toBe(200);
    expect(quantile([300, 100, 200, 400], 0.95)).toBe(400);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});

describe('ColumnChart', () => {
  it('draws one bar per value, with the numbers in a table for screen readers', () => {
    render(
      <ColumnChart
        title="Calls per day"
        columns={[
          { label: 'Mon', value: 3 },
          { label: 'Tue', value: undefined },
          { label: 'Wed', value: 5, whisker: 8 },
        ]}
        format={String}
      />,
    );
    expect(document.querySelectorAll('rect.chart-bar')).toHaveLength(2);
    expect(document.querySelectorAll('.chart-whisker')).toHaveLength(1);
    expect(screen.getByRole('img', { name: 'Calls per day' })).toBeTruthy();
    expect(screen.getByRole('row', { name: 'Tue —' })).toBeTruthy();
  });

  it('says there is nothing yet instead of drawing an empty grid', () => {
    render(
      <ColumnChart
        title="Cost"
        columns={[{ label: 'Mon', value: 0 }]}
        format={String}
        empty="No costs yet."
      />,
    );
    expect(screen.getByText('No costs yet.')).toBeTruthy();
    expect(document.querySelector('svg')).toBeNull();
  });
});

describe('BarList', () => {
  it('lists categories with proportional bars', () => {
    render(
      <BarList
        title="Escalations"
        items={[
          { label: 'Caller asked', value: 4 },
          { label: 'Sensitive topic', value: 2 },
        ]}
        empty="none"
      />,
    );
    const fills = [...document.querySelectorAll<HTMLElement>('.bar-fill')].map((e) => e.style.width);
    expect(fills).toEqual(['100%', '50%']);
  });
});
