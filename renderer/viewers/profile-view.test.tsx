// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { ColumnProfile } from '../../engine/engine-types.js';
import { ProfileView } from './profile-view.js';

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
