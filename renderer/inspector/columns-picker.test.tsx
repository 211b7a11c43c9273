// @vitest-environment happy-dom
/**
 * The feature picker on a wide table: Train's target is not offered, a search box narrows 137
 * columns, the count says how many are chosen, and choices are saved in the table's order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { nodeDefs } from '../../nodes/defs.js';
import { trainDef } from '../../nodes/train/def.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { testDefs } from '../testing/sample-defs.js';
import { ParamForm } from './param-form.js';

afterEach(() => cleanup());

const COLUMNS = Array.from({ length: 137 }, (_, i) => `q${i + 1}`);

function widePicker() {
  const store = createStudioStore({ defs: [...testDefs, ...nodeDefs] });
  const s = store.getState();
  const source = s.addNode('test-import', { x: 0, y: 0 })!;
  const train = s.addNode('train', { x: 200, y: 0 })!;
  expect(s.connect({ node: source, port: 'table' }, { node: train, port: 'train' })).toBeNull();
  s.setParam(train, 'target', 'q2');
  const summary = { table: 't', rowCount: 10, columns: COLUMNS.map((name) => ({ name, type: 'DOUBLE' })) };
  store.setState((st) => ({ run: { ...st.run, nodes: { ...st.run.nodes, [source]: { status: 'done', outputs: { table: summary } } } } }) as never);
  const node = () => store.getState().doc.nodes.find((n) => n.id === train)!;
  const view = render(
    <StudioStoreProvider store={store}>
      <ParamForm def={trainDef} node={node()} />
    </StudioStoreProvider>,
  );
  const field = () => view.container.querySelector('[data-param="features"]') as HTMLElement;
  const refresh = () =>
    view.rerender(
      <StudioStoreProvider store={store}>
        <ParamForm def={trainDef} node={node()} />
      </StudioStoreProvider>,
    );
  return { field, node, refresh };
}

describe('columns picker', () => {
  it('leaves out the target, searches, counts, and saves in table order', () => {
    const { field, node, refresh } = widePicker();
    const labels = () => [...field().querySelectorAll('.column-check span')].map((e) => e.textContent);
    expect(labels()).toHaveLength(136);
    expect(labels()).not.toContain('q2');
    expect(field().querySelector('.column-checks-count')?.textContent).toBe('0 of 136 chosen');

    fireEvent.change(field().querySelector('input[type="search"]')!, { target: { value: 'q13' } });
    // By hand: q13, q130 .. q137.
    expect(labels()).toEqual(['q13', 'q130', 'q131', 'q132', 'q133', 'q134', 'q135', 'q136', 'q137']);
    fireEvent.click(field().querySelectorAll<HTMLInputElement>('.column-check input')[3]);
    refresh();
    fireEvent.click(field().querySelectorAll<HTMLInputElement>('.column-check input')[0]);
    refresh();
    expect(node().params.features).toEqual(['q13', 'q132']);
    expect(field().querySelector('.column-checks-count')?.textContent).toBe('2 of 136 chosen');
  });
});
