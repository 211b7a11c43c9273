// @vitest-environment happy-dom
/**
 * From a model version in the Models panel to the saved pipeline version that made it: the run
 * record names the pipeline, the lineage names the version's hash; the Versions panel opens on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { RunRecord } from '../../engine/engine-types.js';
import type { ModelVersionDetail } from '../../engine/models/registry-views.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { flush } from '../testing/flush.js';
import { testDefs } from '../testing/sample-defs.js';
import { ModelsPanel } from '../models/models-panel.js';

const HASH = 'c'.repeat(64);

function detail(version: number): ModelVersionDetail {
  return {
    name: 'penguins',
    version,
    stage: 'none',
    hash: 'a'.repeat(64),
    manifest: {
      format: 'lifecycle-studio.model-package',
      formatVersion: 1,
      name: 'penguins',
      version,
      task: 'classification',
      target: 'species',
      labels: [],
      inputSchema: {},
      outputSchema: {},
      files: [],
    },
    metrics: {},
    lineage: { runId: `run-${version}`, pipelineHash: HASH, inputs: [], libraries: {}, missing: [] },
    files: [],
  } as ModelVersionDetail;
}

async function setup() {
  const record = { runId: 'run-1', document: { id: 'penguins-pipeline', name: 'Penguins lifecycle' } } as unknown as RunRecord;
  const api = fakeApi({
    listModels: async () => [{ name: 'penguins', versions: [1, 2].map((version) => ({ version, stage: 'none' as const, metrics: {} })) }],
    showModel: async (_name, version) => detail(version),
    getRun: async (runId) => (runId === 'run-1' ? record : undefined),
  });
  const store = createStudioStore({ defs: testDefs });
  store.getState().setModelsOpen(true);
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <ModelsPanel />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  await flush();
  await flush();
  return store;
}

afterEach(cleanup);

describe('Models panel -> pipeline version', () => {
  it('opens the Versions panel on the pipeline the run names, at the lineage hash; says why when the run is gone', async () => {
    const store = await setup();
    // The newest version (2) shows first: its run is not recorded.
    fireEvent.click(screen.getByTestId('open-model-pipeline'));
    await flush();
    expect(screen.getByTestId('run-note').textContent).toBe("Run run-2 is not in this workspace's run history, so its pipeline cannot be named.");
    expect(store.getState().versionsOpen).toBeNull();

    fireEvent.click(screen.getByTestId('versions-table').querySelector<HTMLElement>('tr[data-version="1"]')!);
    await flush();
    fireEvent.click(screen.getByTestId('open-model-pipeline'));
    await flush();
    expect(store.getState().versionsOpen).toEqual({ pipelineId: 'penguins-pipeline', name: 'Penguins lifecycle', hash: HASH });
    // One overlay panel at a time.
    expect(store.getState().modelsOpen).toBe(false);
  });
});
