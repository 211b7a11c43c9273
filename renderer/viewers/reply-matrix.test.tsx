// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { MetricsValue } from '../../engine/values.js';
import { MetricsView } from './metrics-view.js';

afterEach(cleanup);

const value: MetricsValue = {
  kind: 'metrics',
  task: 'text',
  metrics: { accuracy_a: 0.5, accuracy_b: 1 },
  charts: [
    {
      type: 'matrix',
      id: 'matrix',
      title: 'Rows x variants',
      columns: ['a', 'b'],
      rows: [
        {
          label: '1: positive',
          cells: [
            { text: 'positive', passed: true },
            { text: 'positive', passed: true },
          ],
        },
        {
          label: '2: negative',
          cells: [
            { text: '(invalid)', passed: false },
            { text: 'negative', passed: true },
          ],
        },
      ],
    },
  ],
};

describe('ReplyMatrix in the Metrics tab', () => {
  it('shows rows x variants, each cell the reply with a pass or fail mark', () => {
    render(<MetricsView value={value} />);
    const matrix = screen.getByTestId('chart-matrix-matrix');
    const rows = within(matrix).getAllByRole('row');
    expect(rows.map((r) => Array.from(r.children, (c) => c.textContent))).toEqual([
      ['row', 'a', 'b'],
      ['1: positive', '✓ positive', '✓ positive'],
      ['2: negative', '✗ (invalid)', '✓ negative'],
    ]);
    expect(within(rows[2]).getAllByLabelText('failed')).toHaveLength(1);
    expect(within(rows[2]).getAllByLabelText('passed')).toHaveLength(1);
  });
});
