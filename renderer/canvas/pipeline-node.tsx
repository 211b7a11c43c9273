/**
 * A node card, generated from the node's def: stage colour and icon, title or label, a one-line
 * param summary, handles per port coloured by kind, the run status badge, and a marker when its
 * params are invalid.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { CircleAlert } from 'lucide-react';
import type { PortSpec } from '../../engine/node-def.js';
import type { PipelineFlowNode } from '../store/flow-mapping.js';
import { useStudio } from '../store/studio-store-context.js';
import { nodeParamIssues } from '../inspector/param-issues.js';
import { nodeIcon } from './node-icons.js';
import { NodeStatusBadge } from './node-status-badge.js';
import { NodeRunLine } from '../run/node-run-line.js';
import { MaskIcon } from './mask-icon.js';
import { paramSummary } from './param-summary.js';

/**
 * Ports sit at fixed steps from the card's top rather than at fractions of its height: the first
 * ports of two cards in a row then line up and the wire between them runs straight (at fractions a
 * one-port card's port sat mid-card and a two-port card's at a third, a kink in most wires).
 */
const PORT_TOP = 30;
const PORT_STEP = 22;
/** Room below the last port, so that every port stays on the card however short its text. */
const PORT_BOTTOM = 18;

function PortHandle({ port, side, index }: { port: PortSpec; side: 'in' | 'out'; index: number }) {
  const top = `${PORT_TOP + index * PORT_STEP}px`;
  const tip = `${port.label} (${port.kind}${port.optional ? ', optional' : ''})`;
  return (
    <Handle
      id={port.name}
      type={side === 'in' ? 'target' : 'source'}
      position={side === 'in' ? Position.Left : Position.Right}
      className={`port-handle port-kind-${port.kind}`}
      style={{ top }}
      title={tip}
      aria-label={`${side === 'in' ? 'input' : 'output'} ${tip}`}
      data-label={port.label}
    />
  );
}

function PipelineNodeCard({ id, data, selected }: NodeProps<PipelineFlowNode>) {
  const node = data.node;
  const def = useStudio((s) => s.defsByType.get(node.type));
  const errorCount = useStudio((s) => nodeParamIssues(s, node).filter((i) => i.severity === 'error').length);
  if (!def) {
    return (
      <div className="node-card node-card-unknown" data-testid={`node-${id}`}>
        <div className="node-card-title">Unknown type “{node.type}”</div>
      </div>
    );
  }
  const Icon = nodeIcon(def.icon, def.stage);
  const summary = paramSummary(def, node.params);
  const ports = Math.max(def.inputs.length, def.outputs.length, 1);
  return (
    <div
      className={`node-card stage-${def.stage}${selected ? ' is-selected' : ''}`}
      style={{ minHeight: PORT_TOP + (ports - 1) * PORT_STEP + PORT_BOTTOM }}
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
        <NodeStatusBadge nodeId={id} />
        <NodeRunLine nodeId={id} />
      </div>
      {def.outputs.map((p, i) => (
        <PortHandle key={p.name} port={p} side="out" index={i} />
      ))}
    </div>
  );
}

/** Memoised: the card re-renders only when its document node or selection changes. */
export const PipelineNode = memo(PipelineNodeCard);
