// @vitest-environment happy-dom
/**
 * A rule across params (split: test and validation shares below 1 together) shows in the inspector
 * while editing, on each field it names, before anything runs: the same rule the engine refuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { nodeDefs } from '../../nodes/defs.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { Inspector } from './inspector.js';
import { selectInvalidNodeIds } from './param-issues.js';

afterEach(() => cleanup());

describe('cross-param rules in the inspector', () => {
  it("marks split's test and validation shares when they add up to 1 or more, and clears both when one is lowered", () => {
    const store = createStudioStore({ defs: nodeDefs });
    const id = store.getState().addNode('split', { x: 0, y: 0 })!;
    act(() => store.getState().setSelection([id]));
    const { container } = render(
      <StudioStoreProvider store={store}>
        <Inspector />
      </StudioStoreProvider>,
    );
    const input = (name: string) => container.querySelector(`#param-${id}-${name}`) as HTMLInputElement;
    const field = (name: string) => container.querySelector(`[data-param="${name}"]`) as HTMLElement;
    expect(container.querySelector('.field-error')).toBeNull();

    act(() => fireEvent.change(input('testRatio'), { target: { value: '0.6' } }));
    act(() => fireEvent.change(input('validationRatio'), { target: { value: '0.5' } }));
    expect(store.getState().doc.nodes[0].params).toMatchObject({ testRatio: 0.6, validationRatio: 0.5 });
    const message =
      'Test share (0.6) and validation share (0.5) add up to 1.1; together they must stay below 1 so rows are left for training: lower one of them, e.g. test 0.2 and validation 0.1 leave 70% for training.';
    for (const name of ['testRatio', 'validationRatio']) {
      expect(field(name).className).toContain('has-error');
      expect(field(name).querySelector('.field-error')?.textContent).toBe(message);
      expect(input(name).getAttribute('aria-invalid')).toBe('true');
    }
    expect(container.querySelector('.form-blocked')?.textContent).toContain('this node will not run until they are fixed');
    // Nothing ran: the message comes from the def's rule, not from a failed run.
    expect(store.getState().run.current.phase).toBe('idle');
    expect(store.getState().run.nodes).toEqual({});
    // The run controls refuse the node too, for the same reason.
    expect(selectInvalidNodeIds(store.getState())).toEqual([id]);

    act(() => fireEvent.change(input('validationRatio'), { target: { value: '0.3' } }));
    expect(container.querySelector('.field-error')).toBeNull();
    expect(container.querySelector('.form-blocked')).toBeNull();
  });
});
