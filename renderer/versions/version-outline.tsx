/**
 * A saved version opened read-only: its nodes with every param (labels from the node's def, a param
 * left out shown with its default), its edges and triggers. Nothing here can edit the pipeline.
 */
import { showValue, type DefLookup } from '../../engine/document/diff.js';
import type { PipelineDocument, PipelineNode } from '../../engine/document/schema.js';

function nodeName(n: PipelineNode, defOf: DefLookup): string {
  return n.label?.trim() || defOf(n.type)?.title || n.type;
}

function NodeParams({ node, defOf }: { node: PipelineNode; defOf: DefLookup }) {
  const def = defOf(node.type);
  const names = [...new Set([...Object.keys(def?.params ?? {}), ...Object.keys(node.params)])];
  if (!names.length) return <p className="versions-muted">No params.</p>;
  return (
    <dl className="versions-params">
      {names.map((name) => {
        const given = Object.hasOwn(node.params, name);
        const spec = def?.params[name];
        return (
          <div key={name} className="versions-params__row">
            <dt>{spec?.label ?? name}</dt>
            <dd>
              <code>{showValue(given ? node.params[name] : spec?.default)}</code>
              {!given && <span className="versions-muted"> (default)</span>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function VersionOutline({ document, defOf }: { document: PipelineDocument; defOf: DefLookup }) {
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const end = (ref: { node: string; port: string }) => `${byId.has(ref.node) ? nodeName(byId.get(ref.node)!, defOf) : ref.node}.${ref.port}`;
  return (
    <div className="versions-outline" data-testid="version-outline">
      <h4>
        Nodes <span className="versions-muted">({document.nodes.length})</span>
      </h4>
      <ul className="versions-outline__nodes">
        {document.nodes.map((n) => (
          <li key={n.id}>
            <strong>{nodeName(n, defOf)}</strong> <span className="versions-muted">{defOf(n.type)?.title ?? n.type}</span>
            <NodeParams node={n} defOf={defOf} />
          </li>
        ))}
      </ul>
      <h4>
        Edges <span className="versions-muted">({document.edges.length})</span>
      </h4>
      <ul className="versions-outline__edges">
        {document.edges.map((e) => (
          <li key={e.id}>
            <code>
              {end(e.source)} → {end(e.target)}
            </code>
          </li>
        ))}
      </ul>
      {(document.triggers?.length ?? 0) > 0 && (
        <>
          <h4>Triggers</h4>
          <ul>
            {document.triggers!.map((t) => (
              <li key={t.id}>
                {t.label ?? t.id}{' '}
                <span className="versions-muted">
                  ({t.kind}
                  {t.enabled ? '' : ', off'})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
