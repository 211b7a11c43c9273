/** The read-only parts of a version's detail: gate, lineage, input schema, files, reference statistics, card. */
import { Fragment } from 'react';
import type { ModelVersionDetail } from '../../engine/models/registry-views.js';
import { CardMarkdown, htmlCardText } from './card-markdown.js';
import { formatMetric } from './versions-table.js';

const short = (hash?: string) => (hash ? hash.slice(0, 12) : '-');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function GateSection({ gate }: { gate: ModelVersionDetail['gate'] }) {
  if (!gate) return <p className="models-muted">No business-goal gate ran for this version.</p>;
  return (
    <>
      <p className={`gate gate--${gate.passed ? 'passed' : 'failed'}`}>{gate.passed ? '✓ The gate passed' : '✗ The gate failed'}</p>
      {gate.rules.length > 0 && (
        <ul className="gate-rules">
          {gate.rules.map((r) => (
            <li key={r.rule} className={r.passed ? 'gate--passed' : 'gate--failed'}>
              {r.passed ? '✓' : '✗'} <code>{r.rule}</code>
              {r.measured !== undefined && r.measured !== null && <> (measured {formatMetric(r.measured)})</>}
              {r.message && !r.passed && <> — {r.message}</>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function LineageSection({
  detail,
  onOpenRun,
  runNote,
  onOpenPipeline,
}: {
  detail: ModelVersionDetail;
  onOpenRun(runId: string): void;
  runNote?: string;
  /** Opens the saved pipeline version this model came from (the Versions panel). */
  onOpenPipeline?(runId: string, hash: string): void;
}) {
  const l = detail.lineage;
  return (
    <>
      <dl className="models-facts">
        <dt>Run</dt>
        <dd>
          {l.runId ? (
            <>
              <code>{l.runId}</code>{' '}
              <button type="button" className="button button-small" onClick={() => onOpenRun(l.runId!)} data-testid="open-model-run">
                Open the run
              </button>
            </>
          ) : (
            'not recorded'
          )}
        </dd>
        <dt>Pipeline</dt>
        <dd title={l.pipelineHash}>
          {l.pipelineHash ? <code>{short(l.pipelineHash)}</code> : 'not recorded'}
          {l.pipelineHash && l.runId && onOpenPipeline && (
            <>
              {' '}
              <button type="button" className="button button-small" onClick={() => onOpenPipeline(l.runId!, l.pipelineHash!)} data-testid="open-model-pipeline">
                Open the pipeline version
              </button>
            </>
          )}
        </dd>
        {l.nodeId && (
          <>
            <dt>Node</dt>
            <dd>
              <code>{l.nodeId}</code>
            </dd>
          </>
        )}
        {l.seed !== undefined && (
          <>
            <dt>Seed</dt>
            <dd>{l.seed}</dd>
          </>
        )}
        {l.backend && (
          <>
            <dt>Backend</dt>
            <dd>{l.backend}</dd>
          </>
        )}
        {l.inputs.map((i) => (
          <Fragment key={i.role}>
            <dt>Input ({i.role})</dt>
            <dd title={i.fingerprint}>
              {i.table}, {i.rows.toLocaleString('en-US')} rows
            </dd>
          </Fragment>
        ))}
        <dt>Package</dt>
        <dd title={detail.hash}>
          <code>{short(detail.hash)}</code>
        </dd>
      </dl>
      {l.missing.length > 0 && <p className="models-muted">Not known for this version: {l.missing.join(', ')}.</p>}
      {runNote && (
        <p className="models-note" role="status" data-testid="run-note">
          {runNote}
        </p>
      )}
    </>
  );
}

interface SchemaProperty {
  type?: string | string[];
  examples?: unknown[];
  'x-duckdb-type'?: string;
}

export function InputSchemaSection({ detail }: { detail: ModelVersionDetail }) {
  const props = Object.entries((detail.manifest.inputSchema.properties ?? {}) as Record<string, SchemaProperty>);
  const typeText = (p: SchemaProperty) =>
    [p.type]
      .flat()
      .filter((t) => t && t !== 'null')
      .join(' | ') || '-';
  return (
    <>
      <p className="models-muted">
        One raw row: {props.length} column{props.length === 1 ? '' : 's'}, each may be null. Predicts <code>{detail.manifest.target}</code>
        {detail.manifest.labels.length > 0 && <> ({detail.manifest.labels.join(', ')})</>}.
      </p>
      <table className="models-table models-table--plain" aria-label="Input schema">
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">type</th>
            <th scope="col">examples</th>
          </tr>
        </thead>
        <tbody>
          {props.map(([name, p]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>{typeText(p)}</td>
              <td>{p.examples?.map(String).join(', ') ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function FilesSection({ detail }: { detail: ModelVersionDetail }) {
  return (
    <table className="models-table models-table--plain" aria-label="Files" data-testid="model-files">
      <thead>
        <tr>
          <th scope="col">file</th>
          <th scope="col" className="num">
            size
          </th>
          <th scope="col">sha256</th>
        </tr>
      </thead>
      <tbody>
        {detail.files.map((f) => (
          <tr key={f.path}>
            <td>
              <code>{f.path}</code>
            </td>
            <td className="num">{formatBytes(f.bytes)}</td>
            <td title={f.sha256}>
              <code>{short(f.sha256)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReferenceSection({ reference }: { reference: ModelVersionDetail['reference'] }) {
  if (!reference) return <p className="models-muted">No reference statistics (the training table was gone when the model was packaged).</p>;
  return (
    <>
      <p className="models-muted">
        From {reference.table}, {reference.rows.toLocaleString('en-US')} rows.
      </p>
      <table className="models-table models-table--plain" aria-label="Reference statistics">
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col" className="num">
              missing
            </th>
            <th scope="col">summary</th>
          </tr>
        </thead>
        <tbody>
          {reference.columns.map((c) => (
            <tr key={c.name}>
              <td>
                <code>{c.name}</code>
              </td>
              <td className="num">{(c.missingShare * 100).toFixed(1)}%</td>
              <td>{c.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CardSection({ card }: { card: ModelVersionDetail['card'] }) {
  if (card?.markdown) return <CardMarkdown markdown={card.markdown} />;
  if (card?.html) return <pre className="model-card model-card--text">{htmlCardText(card.html)}</pre>;
  return <p className="models-muted">No model card: add a Validate business goals node before Package model to write one.</p>;
}
