/**
 * The dataset versions a model version was trained and evaluated on (recorded when the run that
 * registered it ended); each opens the Datasets panel on that version.
 */
import { useEffect, useState } from 'react';
import type { ModelDataset } from '../../engine/datasets/dataset-types.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function ModelDatasets({ name, version }: { name: string; version: number }) {
  const api = useStudioApi();
  const openDataset = useStudio((s) => s.openDataset);
  const [state, setState] = useState<{ key: string; items?: ModelDataset[]; error?: string }>();
  const key = `${name}/${version}`;
  useEffect(() => {
    let live = true;
    api.modelDatasets(name, version).then(
      (items) => live && setState({ key, items }),
      (err: unknown) => live && setState({ key, error: `Could not read the datasets of ${name} v${version}: ${messageOf(err)}` }),
    );
    return () => {
      live = false;
    };
  }, [api, name, version]);
  if (!state || state.key !== key) return <p className="models-muted">Reading…</p>;
  if (state.error) return <p className="models-problem">{state.error}</p>;
  if (!state.items?.length)
    return (
      <p className="models-muted">
        No dataset version is recorded for this version (it was registered before datasets were recorded, or by another workspace).
      </p>
    );
  return (
    <ul className="panel-links" data-testid="model-datasets">
      {state.items.map((d) => (
        <li key={d.id}>
          <button type="button" className="link-button" title={`${d.path} (${d.id})`} onClick={() => openDataset(d.id)}>
            {fileName(d.path)} v{d.version}
          </button>{' '}
          <span className="models-muted">
            {[...d.roles]
              .sort()
              .reverse()
              .map((r) => (r === 'train' ? 'trained on' : 'evaluated on'))
              .join(', ')}{' '}
            · {d.rows === null ? '?' : d.rows.toLocaleString('en-US')} rows
          </span>
        </li>
      ))}
    </ul>
  );
}
