// @vitest-environment happy-dom
/** A list param whose items must be whole numbers shows the validator's item message at the field. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { PipelineNode } from '../../engine/document/schema.js';
import { defineNode } from '../../engine/node-def.js';
import { ParamForm } from './param-form.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';

const layersDef = defineNode({
  type: 'test-layers',
  typeVersion: 1,
  title: 'Layers',
  stage: 'train',
  icon: 'brain',
  description: 'A list of sizes.',
  inputs: [],
  outputs: [],
  params: { hiddenLayers: { kind: 'list', label: 'Hidden layer sizes', default: ['64'], integerItems: { min: 1, max: 4096 } } },
});

afterEach(() => cleanup());

describe('list items with integerItems', () => {
  it('shows the first bad item with its position on the field', () => {
    const store = createStudioStore({ defs: [layersDef] });
    store.getState().addNode('test-layers', { x: 0, y: 0 });
    const node = { ...store.getState().doc.nodes[0], params: { hiddenLayers: ['64', 'abc'] } } as PipelineNode;
    const { container } = render(
      <StudioStoreProvider store={store}>
        <ParamForm def={layersDef} node={node} />
      </StudioStoreProvider>,
    );
    const field = container.querySelector('[data-param="hiddenLayers"]') as HTMLElement;
    expect(field.className).toContain('has-error');
    expect(field.querySelector('.field-error')?.textContent).toBe('item 2: expected whole numbers between 1 and 4096 (like "64" or "64, 32"), got "abc"');
  });

  it('saves whole-number items as numbers, keeps a size typed twice, and leaves a bad item as text', () => {
    const store = createStudioStore({ defs: [layersDef] });
    store.getState().addNode('test-layers', { x: 0, y: 0 });
    const view = () => store.getState().doc.nodes[0];
    const { container, rerender } = render(
      <StudioStoreProvider store={store}>
        <ParamForm def={layersDef} node={view()} />
      </StudioStoreProvider>,
    );
    const input = () => container.querySelector('[data-param="hiddenLayers"] input') as HTMLInputElement;
    fireEvent.change(input(), { target: { value: '64, 32,' } });
    rerender(
      <StudioStoreProvider store={store}>
        <ParamForm def={layersDef} node={view()} />
      </StudioStoreProvider>,
    );
    fireEvent.change(input(), { target: { value: 'x1,' } });
    // The default "64" (text, as older files hold it) is saved as a number with the next edit.
    expect(view().params.hiddenLayers).toEqual([64, 64, 32, 'x1']);
  });
});
