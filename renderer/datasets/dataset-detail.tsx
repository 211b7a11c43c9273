/**
 * One dataset version: where it was read, its size and sightings, the model versions made from it
 * (each opens the Models panel on that version), and its column profile.
 */
import type { DatasetColumn, DatasetDetail } from '../../engine/datasets/dataset-types.js';
import { figure, fileName, percent, rowsText, topText, when } from './format.js';

function ModelLinks({ detail, onOpenModel }: { detail: DatasetDetail; onOpenModel(name: string, version: number): void }) {
  if (!detail.models.length) return <span className="models-muted">none yet (a Package model node below a run that read it registers one)</span>;
  return (
    <ul className="panel-links" data-testid="dataset-models">
      {detail.models.map((m) => (
        <li key={`${m.registry}/${m.name}/${m.version}`}>
          <button type="button" className="link-button" onClick={() => onOpenModel(m.name, m.version)} title="Open this version in the Models panel">
            {m.name} v{m.version}
          </button>{' '}
          <span className="models-muted">
            {[...m.roles]
              .sort()
              .reverse()
              .map((r) => (r === 'train' ? 'trained on it' : 'evaluated on it'))
              .join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ProfileTable({ columns, label }: { columns: DatasetColumn[]; label: string }) {
  return (
    <div className="models-table-scroll">
      <table className="models-table models-table--plain" aria-label={label} data-testid="dataset-profile">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th className="num">Missing</th>
            <th className="num">Distinct</th>
            <th className="num">Mean</th>
            <th className="num">Min</th>
            <th className="num">Max</th>
            <th>Top values</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name} data-column={c.name}>
              <td>
                <code>{c.name}</code>
              </td>
              <td className="models-muted">{c.type}</td>
              <td className="num">{percent(c.missingShare)}</td>
              <td className="num">{c.distinct.toLocaleString('en-US')}</td>
              <td className="num">{c.mean === undefined ? '' : figure(c.mean)}</td>
              <td className="num">{c.min === undefined ? '' : figure(c.min)}</td>
              <td className="num">{c.max === undefined ? '' : figure(c.max)}</td>
              <td className="datasets-top">{topText(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DatasetDetailView({ detail, onOpenModel }: { detail: DatasetDetail; onOpenModel(name: string, version: number): void }) {
  const last = detail.runs.at(-1);
  return (
    <section className="version-detail" aria-label={`${fileName(detail.path)} version ${detail.version}`} data-testid="dataset-detail">
      <div className="version-detail__head">
        <h3>
          {fileName(detail.path)} v{detail.version}
        </h3>
        <span className="models-muted">
          {rowsText(detail.rows)} × {detail.columns.length} columns · {detail.kind === 'label-set' ? 'label set' : 'table'}
        </span>
      </div>
      <dl className="models-facts datasets-facts">
        <dt>Path</dt>
        <dd>
          <code>{detail.path}</code>
        </dd>
        <dt>Version id</dt>
        <dd>
          <code>{detail.id}</code>
        </dd>
        <dt>Content</dt>
        <dd>
          {detail.bytes.toLocaleString('en-US')} bytes · sha256 <code>{detail.fingerprint.split(':')[1]}</code>
        </dd>
        <dt>First seen</dt>
        <dd>{when(detail.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>{when(detail.lastSeen)}</dd>
        <dt>Runs</dt>
        <dd>
          {detail.runCount}
          {last && (
            <span className="models-muted">
              latest {last.runId} ({last.pipelineName})
            </span>
          )}
        </dd>
        <dt>Models</dt>
        <dd>
          <ModelLinks detail={detail} onOpenModel={onOpenModel} />
        </dd>
      </dl>
      <h4 className="datasets-section">Profile</h4>
      <ProfileTable columns={detail.columns} label="Column profile" />
    </section>
  );
}
