/**
 * The right panel: for one selected node, its label, description, ports and the generated param
 * form; for several, a count; for none, the document's name and description.
 */
import { useStudio } from '../store/studio-store-context.js';
import { nodeIcon } from '../canvas/node-icons.js';
import { FileDescriptionPanel } from './file-description.js';
import { ParamForm } from './param-form.js';
import { PromptPlayground } from './playground/prompt-playground.js';

function DocumentSettings() {
  const name = useStudio((s) => s.doc.name);
  const nodeCount = useStudio((s) => s.doc.nodes.length);
  const renameDocument = useStudio((s) => s.renameDocument);
  return (
    <div className="inspector-body">
      <div className="field">
        <label className="field-label" htmlFor="doc-name">
          Pipeline name
        </label>
        <input id="doc-name" className="field-input" value={name} onChange={(e) => renameDocument(e.target.value)} />
      </div>
      <p className="empty-text">
        {nodeCount === 0
          ? 'Drag a node from the palette, double-click the canvas to add one by name, or drop a CSV file on the window.'
          : 'Select a node to edit its settings.'}
      </p>
    </div>
  );
}

/** The right-hand inspector panel. */
export function Inspector() {
  const selectedIds = useStudio((s) => s.selectedIds);
  const node = useStudio((s) => (s.selectedIds.length === 1 ? s.doc.nodes.find((n) => n.id === s.selectedIds[0]) : undefined));
  const def = useStudio((s) => (node ? s.defsByType.get(node.type) : undefined));
  const setLabel = useStudio((s) => s.setLabel);

  let body;
  if (selectedIds.length > 1) body = <p className="empty-text inspector-body">{selectedIds.length} items selected.</p>;
  else if (!node) body = <DocumentSettings />;
  else if (!def) body = <p className="field-error inspector-body">Unknown node type “{node.type}”: no settings can be shown.</p>;
  else {
    const Icon = nodeIcon(def.icon, def.stage);
    body = (
      <div className="inspector-body" data-testid="inspector-node">
        <div className={`inspector-node-head stage-${def.stage}`}>
          <span className="node-card-icon" aria-hidden>
            <Icon size={16} />
          </span>
          <div>
            <div className="inspector-node-title">{def.title}</div>
            <div className="inspector-node-id">
              {def.stage} · {node.id}
            </div>
          </div>
        </div>
        <p className="inspector-description">{def.description}</p>
        <div className="field">
          <label className="field-label" htmlFor="node-label">
            Label
          </label>
          <input id="node-label" className="field-input" placeholder={def.title} value={node.label ?? ''} onChange={(e) => setLabel(node.id, e.target.value)} />
        </div>
        <ParamForm
          def={def}
          node={node}
          after={
            def.describesFile ? { param: def.describesFile, content: <FileDescriptionPanel def={def} nodeId={node.id} param={def.describesFile} /> } : undefined
          }
        />
        {def.type === 'prompt' && <PromptPlayground nodeId={node.id} />}
      </div>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      <div className="panel-title">Inspector</div>
      {body}
    </aside>
  );
}
