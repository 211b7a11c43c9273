// @vitest-environment happy-dom
/** A list param whose items must be whole numbers shows the validator's item message at the field. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
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
});
