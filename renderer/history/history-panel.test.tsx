// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { RunListItem } from '../../engine/engine-types.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { testDefs } from '../testing/sample-defs.js';
import { HistoryPanel } from './history-panel.js';

const doc: PipelineDocument = { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'p', nodes: [], edges: [] };
const item = (runId: string, startedAt: number, extra: Partial<RunListItem> = {}): RunListItem => ({
  runId,
  status: 'succeeded',
  startedAt,
  durationMs: 10,
  documentHash: 'abcdef0123456789',
  metrics: {},
  pipelineName: 'p',
  ...extra,
});

afterEach(cleanup);

describe('run history', () => {
  it('says which trigger started a run, and "you" for a run started in the window', async () => {
    const runs = [
      item('run-20261202-010000-000-aaaa', 2, { trigger: { id: 'inbox', kind: 'watch-folder', detail: '/data/incoming/b.csv' } }),
      item('run-20261202-000000-000-bbbb', 1),
    ];
    const store = createStudioStore({ defs: testDefs, document: doc });
    render(
      <StudioApiProvider api={fakeApi({ listRuns: async () => runs })}>
        <StudioStoreProvider store={store}>
          <HistoryPanel />
        </StudioStoreProvider>
      </StudioApiProvider>,
    );
    const cell = await screen.findByText('trigger inbox (watch-folder)');
    expect(cell.getAttribute('title')).toBe('/data/incoming/b.csv');
    expect(screen.getByText('you').closest('tr')?.getAttribute('data-run-id')).toBe('run-20261202-000000-000-bbbb');
  });
});
