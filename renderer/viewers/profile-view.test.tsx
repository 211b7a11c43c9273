// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { ColumnProfile } from '../../engine/engine-types.js';
import { chartOption } from './chart-options.js';
import { distributionChart, ProfileView } from './profile-view.js';

afterEach(cleanup);

const column = (name: string, approximateQuantiles?: boolean): ColumnProfile => ({
  name,
  type: 'DOUBLE',
  count: 10,
  missing: 2,
  distinct: 10,
  min: 1,
  max: 10,
  mean: 5.5,
  std: 3,
  quantiles: { '5%': 1, '25%': 3, '50%': 5, '75%': 8, '95%': 10 },
  approximateQuantiles,
});

describe('ProfileView', () => {
  it('marks estimated medians and quantiles, and leaves exact ones plain', () => {
    render(<ProfileView profile={{ table: 't', rowCount: 12, columns: [column('big', true), column('small')] }} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0].textContent).toContain('≈ 5');
    expect(rows[1].textContent).not.toContain('≈');
    expect(screen.getByText(/quantiles \(estimated on a large table\)/).tagName).toBe('P');
    expect(screen.getByTestId('missing-big').textContent).toBe('2');
  });
});

describe('an id column', () => {
  it('says all values are unique instead of drawing bars of one row each', () => {
    // Three rows, three different ids, each top value held by one row (counted by hand).
    const id: ColumnProfile = {
      name: 'respondent',
      type: 'VARCHAR',
      count: 3,
      missing: 0,
      distinct: 3,
      topValues: ['r1', 'r2', 'r3'].map((value) => ({ value, count: 1 })),
    };
    const city: ColumnProfile = {
      name: 'city',
      type: 'VARCHAR',
      count: 3,
      missing: 0,
      distinct: 2,
      topValues: [
        { value: 'Oslo', count: 2 },
        { value: 'Bergen', count: 1 },
      ],
    };
    render(<ProfileView profile={{ table: 't', rowCount: 3, columns: [id, city] }} />);
    expect(screen.getByTestId('profile-unique').textContent).toContain('All values unique: 3 different values in 3 rows');
    expect(screen.queryByTestId('profile-chart')).toBeNull();
    expect((distributionChart(city) as { labels: string[] }).labels).toEqual(['Oslo', 'Bergen']);
    expect(distributionChart(id)).toBeUndefined();
  });
});

describe('histogram labels', () => {
  it('leave room under the bars for long rotated bin labels', () => {
    const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 1_000_000, to: (i + 1) * 1_000_000, count: 1 }));
    const income: ColumnProfile = { ...column('income'), histogram: { bins } };
    const option = chartOption(distributionChart(income)!) as { grid: { bottom: number }; xAxis: { data: string[] } };
    const longest = Math.max(...option.xAxis.data.map((l) => l.length));
    // By hand: "9,000,000–10,000,000" is 20 characters; rotated 40°, at >= 6 px a character it reaches 20 * 6 * sin 40° = 77 px down.
    expect(longest).toBe(20);
    expect(option.grid.bottom).toBeGreaterThanOrEqual(77);
  });
});
