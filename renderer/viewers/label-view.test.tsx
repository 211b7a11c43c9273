// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { LabelSet, LabelWrite } from '../../engine/labels/label-types.js';
import { StudioApiProvider } from '../store/api-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { LabelView } from './label-view.js';

afterEach(cleanup);

// A scored table as the Score node writes it: the model's prediction and one probability per class.
const columns = ['review', 'predicted_label', 'probability_pos', 'probability_neg'].map((name) => ({ name, type: name === 'review' ? 'VARCHAR' : 'DOUBLE' }));
const rows = [
  ['great', 'pos', 0.9, 0.1],
  ['meh', 'neg', 0.45, 0.55],
  ['bad', 'neg', 0.3, 0.7],
];

function setup() {
  const writes: LabelWrite[] = [];
  const set: LabelSet = { name: 'labels', column: 'label', classes: ['pos', 'neg'], labels: {}, updatedAt: 0 };
  const api = fakeApi({
    page: async (r) => ({ table: r.table, offset: 0, rowCount: 3, columns, rows }),
    readLabels: async () => set,
    writeLabels: async (_name, write) => {
      // The view keeps its own copy; what the host returns is not read back.
      writes.push(write);
      return set;
    },
  });
  render(
    <StudioApiProvider api={api}>
      <LabelView value={{ kind: 'table', table: 't_scored', rowCount: 3, columns }} />
    </StudioApiProvider>,
  );
  return writes;
}

const shownRows = () => screen.getAllByRole('row').slice(1);

describe('LabelView', () => {
  it('shows prediction and confidence, orders least confident first, labels by number key and undoes', async () => {
    const writes = setup();
    await waitFor(() => expect(shownRows()).toHaveLength(3));
    expect(shownRows()[1].textContent).toContain('meh');
    expect(shownRows()[1].textContent).toContain('neg');
    expect(shownRows()[1].textContent).toContain('0.55');

    fireEvent.click(screen.getByLabelText(/Least confident first/));
    // Confidence 0.55 (meh), 0.7 (bad), 0.9 (great).
    expect(shownRows().map((r) => r.textContent?.match(/great|meh|bad/)?.[0])).toEqual(['meh', 'bad', 'great']);

    const grid = screen.getByTestId('label-rows');
    fireEvent.keyDown(grid, { key: '1' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    fireEvent.keyDown(grid, { key: '2' });
    await waitFor(() => expect(screen.getByTestId('label-count').textContent).toBe('2 of 3 rows labelled'));
    expect(screen.getAllByTestId('row-label').map((l) => l.textContent)).toEqual(['pos', 'neg', '']);
    fireEvent.keyDown(grid, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('label-count').textContent).toBe('1 of 3 rows labelled'));
    expect(writes.map((w) => w.changes.map((c) => c.label))).toEqual([['pos'], ['neg'], [null]]);
    // The undo removes the label of the row the second key press gave one, by the same key.
    expect(writes[2].changes[0].key).toBe(writes[1].changes[0].key);
  });
});
