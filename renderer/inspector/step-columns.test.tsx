// @vitest-environment happy-dom
/**
 * A later Clean step offers the columns the steps above left: after "Keep only some columns" the
 * next step's picker lists the kept ones, after "Remove" and "Rename" the rest under their new names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { nodeDefs } from '../../nodes/defs.js';
import { cleanDef } from '../../nodes/clean/def.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { testDefs } from '../testing/sample-defs.js';
import { ParamForm } from './param-form.js';
import { columnsBeforeSteps } from './step-columns.js';

afterEach(() => cleanup());

describe('columnsBeforeSteps', () => {
  it('follows keep, remove and rename; other steps keep the columns', () => {
    const steps = [
      { op: 'select-columns', columns: ['d', 'a', 'c'] },
      { op: 'missing', columns: [] },
      { op: 'drop-columns', columns: ['a'] },
      { op: 'rename', column: 'c', newName: ' city ' },
      { op: 'dedupe' },
    ];
    // By hand: keep d,a,c (in the step's order, as DuckDB's SELECT writes them); drop a; c becomes city.
    expect(columnsBeforeSteps(['a', 'b', 'c', 'd'], steps)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['d', 'a', 'c'],
      ['d', 'a', 'c'],
      ['d', 'c'],
      ['d', 'city'],
    ]);
  });

  it('a keep step with nothing chosen yet leaves the table as it was', () => {
    expect(columnsBeforeSteps(['a', 'b'], [{ op: 'select-columns', columns: [] }, { op: 'missing' }])[1]).toEqual(['a', 'b']);
  });
});

describe('Clean steps in the inspector', () => {
  it('the second step lists only the columns the first kept', () => {
    const store = createStudioStore({ defs: [...testDefs, ...nodeDefs] });
    const s = store.getState();
    const source = s.addNode('test-import', { x: 0, y: 0 })!;
    const clean = s.addNode('clean', { x: 200, y: 0 })!;
    expect(s.connect({ node: source, port: 'table' }, { node: clean, port: 'input' })).toBeNull();
    s.setParam(clean, 'steps', [
      { op: 'select-columns', columns: ['q1', 'q3'] },
      { op: 'missing', columns: [], missingAction: 'drop' },
    ]);
    const summary = { table: 't', rowCount: 3, columns: ['q1', 'q2', 'q3', 'q4'].map((name) => ({ name, type: 'DOUBLE' })) };
    store.setState((st) => ({ run: { ...st.run, nodes: { ...st.run.nodes, [source]: { status: 'done', outputs: { table: summary } } } } }) as never);
    const node = store.getState().doc.nodes.find((n) => n.id === clean)!;
    const view = render(
      <StudioStoreProvider store={store}>
        <ParamForm def={cleanDef} node={node} />
      </StudioStoreProvider>,
    );
    const labels = (i: number) => [...view.container.querySelectorAll(`[data-param="steps[${i}].columns"] .column-check span`)].map((e) => e.textContent);
    expect(labels(0)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(labels(1)).toEqual(['q1', 'q3']);
  });
});
