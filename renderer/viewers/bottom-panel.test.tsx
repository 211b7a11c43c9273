// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { testDefs } from '../testing/sample-defs.js';
import { BottomPanel } from './bottom-panel.js';

const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p',
  name: 'p',
  nodes: [
    { id: 'imp', type: 'test-import', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'tr', type: 'test-train', typeVersion: 1, params: {}, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 'tr', port: 'train' } }],
};

function setup() {
  const api = fakeApi();
  const store = createStudioStore({ defs: testDefs, document: doc });
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <BottomPanel />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  return { api, store };
}

const tabNames = () => screen.getAllByRole('tab').map((t) => t.textContent);

afterEach(cleanup);

describe('BottomPanel', () => {
  it('shows one tab per output port of the selected node, its failure with hint and stack, and its logs', async () => {
    const { store } = setup();
    expect(tabNames()).toEqual(['Run history']);
    await act(async () => {
      store.getState().setSelection(['tr']);
      const s = store.getState();
      s.applyStudioEvents([{ type: 'run-started', runId: 'r1', at: 1_000, nodeIds: ['imp', 'tr'], layers: [['imp'], ['tr']] }]);
      s.applyStudioEvents([
        {
          type: 'node-started',
          runId: 'r1',
          at: 1_010,
          nodeId: 'tr',
          reason: { decision: 'run', code: 'no-previous-run', message: 'first run of this node' },
        },
      ]);
      s.applyStudioEvents([{ type: 'node-log', runId: 'r1', at: 1_020, nodeId: 'tr', level: 'warn', message: '12 rows have no value in "income"' }]);
      s.applyStudioEvents([
        {
          type: 'node-failed',
          runId: 'r1',
          at: 1_030,
          nodeId: 'tr',
          error: {
            code: 'TARGET_MISSING',
            message: 'The target column "income" is not in the training table.',
            hint: 'Pick the target column in the inspector.',
            stack: 'Error: target\n    at train (run.ts:10)',
          },
        },
      ]);
    });
    expect(tabNames()).toEqual(['Modelmodel', 'Logs', 'Run history']);
    expect(screen.getByRole('tab', { name: /Model/ }).getAttribute('aria-selected')).toBe('true');
    const error = screen.getByTestId('node-error');
    expect(error.textContent).toContain('The target column "income" is not in the training table.');
    expect(error.textContent).toContain('How to fix: Pick the target column in the inspector.');
    // The stack sits behind a closed disclosure.
    const details = error.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Stack trace');
    expect(screen.getByTestId('panel-node-status').getAttribute('data-status')).toBe('failed');

    fireEvent.click(screen.getByRole('tab', { name: 'Logs' }));
    const logs = screen.getByTestId('logs-view');
    expect(logs.textContent).toContain('warn');
    expect(logs.textContent).toContain('12 rows have no value in "income"');
  });

  it('opens the upstream port of a selected edge', async () => {
    const { store } = setup();
    await act(async () => store.getState().setSelection(['e1']));
    expect(screen.getByRole('tab', { name: /Table/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByText('imp')).not.toBeNull();
    expect(screen.queryByText('No output yet: run the pipeline to see it.')).not.toBeNull();
  });

  it('turns to the run history when a run is opened elsewhere (the Models panel), whatever tab was showing', async () => {
    const { store } = setup();
    await act(async () => store.getState().setSelection(['e1']));
    expect(screen.getByRole('tab', { name: /Table/ }).getAttribute('aria-selected')).toBe('true');
    await act(async () => store.getState().showRunHistory());
    expect(screen.getByRole('tab', { name: 'Run history' }).getAttribute('aria-selected')).toBe('true');
  });

  it('enlarges and shrinks back by its size button, saying which it will do', () => {
    setup();
    const panel = screen.getByTestId('bottom-panel');
    const size = screen.getByRole('button', { name: 'Enlarge the output panel' });
    expect(size.getAttribute('aria-pressed')).toBe('false');
    expect(panel.classList.contains('bottom-panel--tall')).toBe(false);
    fireEvent.click(size);
    expect(panel.classList.contains('bottom-panel--tall')).toBe(true);
    const shrink = screen.getByRole('button', { name: 'Shrink the output panel' });
    expect(shrink.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(shrink);
    expect(panel.classList.contains('bottom-panel--tall')).toBe(false);
  });
});
