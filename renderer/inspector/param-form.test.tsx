// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PipelineNode } from '../../engine/document/schema.js';
import { createStudioStore, type StudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { testDefs } from '../testing/sample-defs.js';
import { ParamForm } from './param-form.js';

let store: StudioStore;

function setup(type: string) {
  store = createStudioStore({ defs: testDefs });
  const id = store.getState().addNode(type, { x: 0, y: 0 })!;
  const Form = () => {
    const node = store.getState().doc.nodes.find((n) => n.id === id) as PipelineNode;
    return <ParamForm def={store.getState().defsByType.get(type)!} node={node} />;
  };
  const view = render(
    <StudioStoreProvider store={store}>
      <Form />
    </StudioStoreProvider>,
  );
  const rerender = () =>
    view.rerender(
      <StudioStoreProvider store={store}>
        <Form />
      </StudioStoreProvider>,
    );
  return { id, rerender, container: view.container };
}

const field = (container: HTMLElement, path: string) => container.querySelector(`[data-param="${path}"]`) as HTMLElement;

afterEach(() => cleanup());

describe('generated param form', () => {
  it('renders the widget for each param kind', () => {
    const { container, id } = setup('test-train');
    const widget = (name: string) => container.querySelector(`#param-${id}-${name}`) as HTMLElement;
    expect(widget('epochs').getAttribute('type')).toBe('number');
    expect(widget('epochs').getAttribute('step')).toBe('1');
    expect(widget('rate').getAttribute('step')).toBe('0.001');
    expect(widget('rate').getAttribute('max')).toBe('1');
    expect(widget('sql').tagName).toBe('TEXTAREA');
    expect(widget('sql').className).toContain('field-code');
    expect(widget('apiKey').getAttribute('placeholder')).toContain('OPENAI_API_KEY');
    // Column pickers are free text until the upstream schema is known.
    expect(widget('target').tagName).toBe('INPUT');
    expect(field(container, 'features').querySelector('.chips')).not.toBeNull();
    expect(field(container, 'steps').querySelector('.records')).not.toBeNull();
    expect(screen.queryByText('Passes over the training data.')).not.toBeNull();
  });

  it('shows selects, toggles, lists and hides fields by showWhen', () => {
    const { container, id, rerender } = setup('test-import');
    expect((container.querySelector(`#param-${id}-delimiter`) as HTMLSelectElement).tagName).toBe('SELECT');
    const toggle = container.querySelector(`#param-${id}-header`) as HTMLElement;
    expect(toggle.getAttribute('role')).toBe('switch');
    expect(field(container, 'names')).toBeNull(); // shown only when header is off
    act(() => fireEvent.click(toggle));
    rerender();
    expect(store.getState().doc.nodes[0].params.header).toBe(false);
    expect(field(container, 'names')).not.toBeNull();
  });

  it('shows the validator message inline and marks the field invalid', () => {
    const { container, id, rerender } = setup('test-train');
    const epochs = container.querySelector(`#param-${id}-epochs`) as HTMLInputElement;
    act(() => fireEvent.change(epochs, { target: { value: '900' } }));
    rerender();
    expect(store.getState().doc.nodes[0].params.epochs).toBe(900);
    expect(field(container, 'epochs').querySelector('.field-error')?.textContent).toBe('expected a whole number between 1 and 500, got 900');
    expect(epochs.getAttribute('aria-invalid')).toBe('true');
    // target is required and empty: two invalid settings block the node.
    expect(container.querySelector('.form-blocked')?.textContent).toContain('2 invalid settings');
    const key = container.querySelector(`#param-${id}-apiKey`) as HTMLInputElement;
    act(() => fireEvent.change(key, { target: { value: 'sk-live 123' } }));
    rerender();
    expect(field(container, 'apiKey').querySelector('.field-error')?.textContent).toContain('NAME of a secret');
  });

  it('adds, edits and reorders record rows, each honouring showWhen', () => {
    const { container, id, rerender } = setup('test-train');
    const add = () => act(() => fireEvent.click(screen.getByRole('button', { name: /Add step/ })));
    add();
    rerender();
    add();
    rerender();
    expect(store.getState().doc.nodes[0].params.steps).toEqual([
      { op: 'drop', value: '' },
      { op: 'drop', value: '' },
    ]);
    expect(field(container, 'steps[0].value')).toBeNull();
    act(() => fireEvent.change(container.querySelector(`#param-${id}-steps-1-op`)!, { target: { value: 'fill' } }));
    rerender();
    expect(field(container, 'steps[1].value')).not.toBeNull();
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Move step 2 up' })));
    rerender();
    expect((store.getState().doc.nodes[0].params.steps as { op: string }[]).map((r) => r.op)).toEqual(['fill', 'drop']);
  });

  it('fills column pickers from the upstream table schema once a run reported it', () => {
    const { container, id, rerender } = setup('test-train');
    const imp = store.getState().addNode('test-import', { x: -300, y: 0 })!;
    store.getState().connect({ node: imp, port: 'table' }, { node: id, port: 'train' });
    act(() => store.getState().applyStudioEvents([{ type: 'run-started', runId: 'r1', at: 1, nodeIds: [imp], layers: [[imp]] }]));
    act(() =>
      store.getState().applyStudioEvents([
        {
          type: 'node-finished',
          runId: 'r1',
          at: 2,
          nodeId: imp,
          durationMs: 5,
          outputs: {
            table: {
              kind: 'table',
              text: '3 rows',
              rowCount: 3,
              columns: [
                { name: 'sepal_length', type: 'DOUBLE' },
                { name: 'species', type: 'VARCHAR' },
              ],
            },
          },
        },
      ]),
    );
    rerender();
    const target = container.querySelector(`#param-${id}-target`) as HTMLSelectElement;
    expect(target.tagName).toBe('SELECT');
    expect([...target.options].map((o) => o.value)).toEqual(['', 'sepal_length', 'species']);
    expect(field(container, 'features').querySelectorAll('input[type=checkbox]')).toHaveLength(2);
  });
});
