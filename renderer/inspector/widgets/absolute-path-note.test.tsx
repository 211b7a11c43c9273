// @vitest-environment happy-dom
/**
 * A data file outside the pipeline's folder is stored as a full path; the Import node's help says
 * when paths are relative and why, and the inspector says it beside a param holding a full path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { nodeDefs } from '../../../nodes/defs.js';
import { importDatasetDef } from '../../../nodes/import-dataset/def.js';
import { createStudioStore } from '../../store/create-studio-store.js';
import { StudioStoreProvider } from '../../store/studio-store-context.js';
import { ParamForm } from '../param-form.js';
import { isAbsolutePath } from './absolute-path-note.js';

afterEach(() => cleanup());

function importForm(path: string, filePath?: string) {
  const store = createStudioStore({ defs: nodeDefs });
  if (filePath) store.setState({ filePath } as never);
  const id = store.getState().addNode('import-dataset', { x: 0, y: 0 })!;
  store.getState().setParam(id, 'path', path);
  const node = store.getState().doc.nodes.find((n) => n.id === id)!;
  const view = render(
    <StudioStoreProvider store={store}>
      <ParamForm def={importDatasetDef} node={node} />
    </StudioStoreProvider>,
  );
  return view.container.querySelector('[data-param="path"]') as HTMLElement;
}

describe('file params and full paths', () => {
  it('the help says relative inside the folder, full path outside, and why', () => {
    const help = importDatasetDef.params.path.help ?? '';
    expect(help).toMatch(/in the pipeline's folder \(or below it\) is stored relative/);
    expect(help).toMatch(/elsewhere is stored as its full path/);
    expect(help).toMatch(/would break once the folder is copied or shared/);
  });

  it('notes a full path outside the folder of a saved pipeline, and nothing for a relative one', () => {
    const outside = importForm('/srv/survey/answers.csv', '/home/ana/pipes/survey.pipeline.json');
    expect(outside.querySelector('[data-testid="absolute-path-note"]')?.textContent).toMatch(/outside the pipeline's folder/);
    cleanup();
    const inside = importForm('data/answers.csv', '/home/ana/pipes/survey.pipeline.json');
    expect(inside.querySelector('[data-testid="absolute-path-note"]')).toBeNull();
    cleanup();
    const before = importForm('/home/ana/pipes/data/answers.csv', '/home/ana/pipes/survey.pipeline.json');
    expect(before.querySelector('[data-testid="absolute-path-note"]')?.textContent).toMatch(/chosen before the pipeline was saved/);
    cleanup();
    const unsaved = importForm('/srv/survey/answers.csv');
    expect(unsaved.querySelector('[data-testid="absolute-path-note"]')?.textContent).toMatch(/not saved yet/);
  });

  it('knows POSIX, drive and UNC paths as full paths', () => {
    expect(['/a/b.csv', 'C:\\a\\b.csv', 'c:/a/b.csv', '\\\\srv\\share\\b.csv'].map(isAbsolutePath)).toEqual([true, true, true, true]);
    expect(['b.csv', 'data/b.csv', '../b.csv', 'C:b.csv'].map(isAbsolutePath)).toEqual([false, false, false, false]);
  });
});
