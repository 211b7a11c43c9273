/**
 * A node card, generated from the node's def: stage colour and icon, title or label, a one-line
 * param summary, handles per port coloured by kind, the run status badge, and a marker when its
 * params are invalid.
 */
import { memo, type CSSProperties } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { CircleAlert } from 'lucide-react';
import type { PortSpec } from '../../engine/node-def.js';
import type { PipelineFlowNode } from '../store/flow-mapping.js';
import type { ValidationIssue } from '../../engine/engine-types.js';
import { nodeParamIssues } from '../inspector/param-issues.js';
import { useCanvasDefs } from './canvas-defs.js';
import { PORT_BOTTOM, PORT_STEP, PORT_TOP, SLOT_CLASSES_UP_TO } from './card-size.js';
import { CardRun } from './card-run.js';
import { nodeIcon } from './node-icons.js';
import { MaskIcon } from './mask-icon.js';
import { paramSummary } from './param-summary.js';

// Where ports sit (card-size.ts holds the figures, which React Flow is also told for unmounted cards).
export { PORT_BOTTOM, PORT_STEP, PORT_TOP, SLOT_CLASSES_UP_TO } from './card-size.js';

function slot(index: number): { className: string; style?: CSSProperties } {
  if (index < SLOT_CLASSES_UP_TO) return { className: ` port-slot-${index + 1}` };
  return { className: '', style: { top: `${PORT_TOP + index * PORT_STEP}px` } };
}

function cardHeight(ports: number): { className: string; style?: CSSProperties } {
  if (ports <= SLOT_CLASSES_UP_TO) return { className: ` ports-${ports}` };
  return { className: '', style: { minHeight: PORT_TOP + (ports - 1) * PORT_STEP + PORT_BOTTOM } };
}

function PortHandle({ port, side, index }: { port: PortSpec; side: 'in' | 'out'; index: number }) {
  const place = slot(index);
  const tip = `${port.label} (${port.kind}${port.optional ? ', optional' : ''})`;
  return (
    <Handle
      id={port.name}
      type={side === 'in' ? 'target' : 'source'}
      position={side === 'in' ? Position.Left : Position.Right}
      className={`port-handle port-kind-${port.kind}${place.className}`}
      style={place.style}
      title={tip}
      aria-label={`${side === 'in' ? 'input' : 'output'} ${tip}`}
      data-label={port.label}
    />
  );
}

function countErrors(issues: readonly ValidationIssue[]): number {
  let n = 0;
  for (const issue of issues) if (issue.severity === 'error') n++;
  return n;
}

function PipelineNodeCard({ id, data, selected }: NodeProps<PipelineFlowNode>) {
  const node = data.node;
  // No store subscription here: the catalogue comes by context, and the param issues depend only on
  // the node (a new object whenever it changes, which re-renders this card) and are cached per node.
  const defsByType = useCanvasDefs();
  const def = defsByType.get(node.type);
  const errorCount = countErrors(nodeParamIssues({ defsByType }, node));
  if (!def) {
    return (
      <div className="node-card node-card-unknown" data-testid={`node-${id}`}>
        <div className="node-card-title">Unknown type “{node.type}”</div>
      </div>
    );
  }
  const Icon = nodeIcon(def.icon, def.stage);
  const summary = paramSummary(def, node.params);
  const height = cardHeight(Math.max(def.inputs.length, def.outputs.length, 1));
  return (
    <div
      className={`node-card stage-${def.stage}${selected ? ' is-selected' : ''}${height.className}`}
      style={height.style}
      data-testid={`node-${id}`}
      data-node-type={def.type}
      aria-label={`${node.label ?? def.title} (${def.stage})`}
    >
      {def.inputs.map((p, i) => (
        <PortHandle key={p.name} port={p} side="in" index={i} />
      ))}
      <div className="node-card-head">
        <span className="node-card-icon" aria-hidden>
          <MaskIcon icon={Icon} size={15} />
        </span>
        <span className="node-card-title" title={def.description}>
          {node.label ?? def.title}
        </span>
        {errorCount > 0 && (
          <span className="node-card-error" title={`${errorCount} invalid param${errorCount > 1 ? 's' : ''}: this node cannot run`}>
            <CircleAlert size={14} aria-label="invalid params" />
          </span>
        )}
      </div>
      <div className="node-card-body">
        {node.label && <span className="node-card-type">{def.title}</span>}
        {summary && (
          <span className="node-card-summary" title={summary}>
            {summary}
          </span>
        )}
        <CardRun nodeId={id} />
      </div>
      {def.outputs.map((p, i) => (
        <PortHandle key={p.name} port={p} side="out" index={i} />
      ))}
    </div>
  );
}

/** Memoised: the card re-renders only when its document node, selection or the catalogue changes; its run part when the node's run state does. */
export const PipelineNode = memo(PipelineNodeCard);
