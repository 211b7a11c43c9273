// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from './app.js';
import { createStudioStore } from './store/create-studio-store.js';
import { fakeApi } from './testing/fake-api.js';
import { testDefs } from './testing/sample-defs.js';

afterEach(() => cleanup());

describe('the window', () => {
  it('builds the palette from the defs, adds nodes, and undoes with the keyboard', async () => {
    const store = createStudioStore({ defs: testDefs });
    let recovered = 0;
    const api = fakeApi({ loadRecovery: async () => (recovered++, undefined) });
    render(<App api={api} defs={testDefs} store={store} />);
    expect(screen.getByRole('region', { name: 'Prepare' }).textContent).toContain('Import CSV');
    expect(screen.getByRole('region', { name: 'Train' }).textContent).toContain('Train model');
    expect(screen.queryByRole('region', { name: 'Deploy' })).toBeNull(); // empty stages are left out
    await waitFor(() => expect(recovered).toBe(1));

    act(() => fireEvent.click(screen.getByTestId('palette-test-train')));
    expect(store.getState().doc.nodes.map((n) => n.type)).toEqual(['test-train']);
    expect(screen.getByTestId('doc-title').dataset.dirty).toBe('true');
    expect(screen.getByTestId('inspector-node').textContent).toContain('test-train-1');

    act(() => fireEvent.keyDown(window, { key: 'z', ctrlKey: true }));
    expect(store.getState().doc.nodes).toEqual([]);
    expect(screen.getByTestId('doc-title').dataset.dirty).toBe('false');
    act(() => fireEvent.keyDown(window, { key: 'y', ctrlKey: true }));
    expect(store.getState().doc.nodes).toHaveLength(1);
  });

  it('offers to restore a recovery copy found at start', async () => {
    const store = createStudioStore({ defs: testDefs });
    const document = { format: 'lifecycle-studio.pipeline' as const, schemaVersion: 1 as const, id: 'p', name: 'Churn', nodes: [], edges: [] };
    render(<App api={fakeApi({ loadRecovery: async () => ({ document, savedAt: 1_700_000_000_000 }) })} defs={testDefs} store={store} />);
    const restore = await screen.findByTestId('restore-recovery');
    act(() => fireEvent.click(restore));
    expect(store.getState().doc.name).toBe('Churn');
    expect(store.getState().doc).not.toBe(store.getState().savedDoc);
  });

  it('runs native menu commands, but leaves undo to a focused text field', () => {
    const store = createStudioStore({ defs: testDefs });
    const api = fakeApi();
    render(<App api={api} defs={testDefs} store={store} />);
    act(() => fireEvent.click(screen.getByTestId('palette-test-train')));
    act(() => fireEvent.click(screen.getByTestId('palette-test-import')));
    expect(store.getState().doc.nodes).toHaveLength(2);
    act(() => api.emit({ type: 'menu-command', at: 1, command: 'undo' }));
    expect(store.getState().doc.nodes).toHaveLength(1);
    const label = screen.getByLabelText('Pipeline name');
    label.focus();
    act(() => api.emit({ type: 'menu-command', at: 2, command: 'undo' }));
    expect(store.getState().doc.nodes).toHaveLength(1);
    label.blur();
    act(() => api.emit({ type: 'menu-command', at: 3, command: 'selectAll' }));
    expect(store.getState().selectedIds).toEqual(['test-train-1']);
  });
});
