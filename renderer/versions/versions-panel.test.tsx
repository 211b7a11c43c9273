// @vitest-environment happy-dom
/**
 * The Versions panel against a fake host: the version a model names is picked first (or the panel
 * says it was never saved), each row reads what changed in the app's terms, Escape closes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { PipelineVersion } from '../../engine/versions/version-types.js';
import type { Commands } from '../commands/use-commands.js';
import { CommandsProvider } from '../commands/commands-context.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { flush } from '../testing/flush.js';
import { testDefs } from '../testing/sample-defs.js';
import type { VersionsTarget } from '../store/ui-slice.js';
import { VersionsPanel } from './versions-panel.js';

const doc = (label: string): PipelineDocument => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p1',
  name: 'P1',
  nodes: [{ id: 'n1', type: 'no-such-type', typeVersion: 1, label, params: {}, position: { x: 0, y: 0 } }],
  edges: [],
});

// Newest first, as the host lists them.
const versions: PipelineVersion[] = [
  { versionId: 'v-20261202-041000-000-bbbb', pipelineId: 'p1', hash: 'b'.repeat(64), savedAt: 2, user: 'ada', source: 'save', document: doc('Second') },
  { versionId: 'v-20261202-040000-000-aaaa', pipelineId: 'p1', hash: 'a'.repeat(64), savedAt: 1, user: 'ada', source: 'save', document: doc('First') },
];

async function setup(target: VersionsTarget) {
  const store = createStudioStore({ defs: testDefs });
  store.getState().setVersionsOpen(target);
  const api = fakeApi({ listPipelineVersions: async (id) => (id === 'p1' ? versions : []) });
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <CommandsProvider commands={{ save: async () => undefined } as unknown as Commands}>
          <VersionsPanel target={target} />
        </CommandsProvider>
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  await flush();
  await flush();
  return store;
}

afterEach(cleanup);

describe('VersionsPanel', () => {
  it('picks the version a model names, reads each change, and closes on Escape', async () => {
    const store = await setup({ pipelineId: 'p1', name: 'P1', hash: 'a'.repeat(64) });
    expect(screen.queryByTestId('versions-hash-missing')).toBeNull();
    const picked = screen.getByTestId('versions-list').querySelector('.is-picked');
    expect(picked?.getAttribute('data-hash')).toBe('a'.repeat(64));
    expect(screen.getByTestId('versions-list').querySelector('li')?.textContent).toContain('Renamed node "First" to "Second"');
    fireEvent.keyDown(screen.getByTestId('versions-panel'), { key: 'Escape' });
    expect(store.getState().versionsOpen).toBeNull();
  });

  it('says so when the model’s pipeline version was never saved', async () => {
    await setup({ pipelineId: 'p1', name: 'P1', hash: 'c'.repeat(64) });
    expect(screen.getByTestId('versions-hash-missing').textContent).toContain('hash cccccccccccc');
  });

  it('tells how versions come to be when there are none', async () => {
    await setup({ pipelineId: 'p2', name: 'P2' });
    expect(screen.getByTestId('versions-empty').textContent).toContain('Every save (File › Save) keeps a version here');
  });
});
