/**
 * What a node's input file holds, asked from the engine (`describeNodeFile`) as soon as the file
 * param changes, for node types that declare `describesFile`: an ONNX model's signature (inputs and
 * outputs with element types and shapes, dynamic dimensions marked, opset, producer, doc string,
 * metadata) before anything runs.
 */
import { useEffect, useState } from 'react';
import type { NodeDef } from '../../engine/node-def.js';
import type { FileDescription, OnnxSignature, OnnxTensorInfo } from '../../engine/models/premade/signature-types.js';
import { useStudio, useStudioStore } from '../store/studio-store-context.js';
import { useOptionalStudioApi } from './use-optional-studio-api.js';

type DescribeState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; description: FileDescription } | { status: 'failed'; message: string };

function Shape({ tensor }: { tensor: OnnxTensorInfo }) {
  if (!tensor.shape) return <span className="sig-type">{tensor.elemType}[rank unknown]</span>;
  return (
    <span className="sig-type">
      {tensor.elemType}[
      {tensor.shape.map((d, i) => (
        <span key={i}>
          {i > 0 && ','}
          {typeof d === 'number' ? (
            d
          ) : (
            <span className="sig-dim-dynamic" title="dynamic dimension: any size">
              {d ?? '?'}
            </span>
          )}
        </span>
      ))}
      ]
    </span>
  );
}

function Tensors({ title, tensors }: { title: string; tensors: OnnxTensorInfo[] }) {
  return (
    <table className="sig-table" aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name} title={t.docString}>
            <th scope="row">{t.name}</th>
            <td>
              <Shape tensor={t} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Signature({ signature: s, bytes }: { signature: OnnxSignature; bytes: number }) {
  const opsets = s.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  const metadata = Object.entries(s.metadata);
  return (
    <>
      <p className="field-help">
        {[
          s.producerName && `${s.producerName} ${s.producerVersion}`.trim(),
          `opset ${opsets || 'none'}`,
          `IR ${s.irVersion}`,
          `${bytes.toLocaleString()} bytes`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {s.docString && <p className="sig-doc">{s.docString}</p>}
      <Tensors title="Inputs" tensors={s.inputs} />
      <Tensors title="Outputs" tensors={s.outputs} />
      {metadata.length > 0 && (
        <table className="sig-table" aria-label="Metadata">
          <caption>Metadata</caption>
          <tbody>
            {metadata.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td className="sig-meta">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const isEmpty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Offers the values the file gives for params that are still empty (a column order, class names). */
function SuggestedParams({ def, nodeId, suggested }: { def: NodeDef; nodeId: string; suggested: Record<string, unknown> }) {
  const params = useStudio((s) => s.doc.nodes.find((n) => n.id === nodeId)?.params);
  const setParam = useStudio((s) => s.setParam);
  const names = Object.keys(suggested).filter((name) => name in def.params && isEmpty(params?.[name]));
  if (!names.length) return null;
  const labels = names.map((n) => def.params[n].label).join(' and ');
  return (
    <button type="button" className="button" data-testid="file-description-fill" onClick={() => names.forEach((n) => setParam(nodeId, n, suggested[n]))}>
      Fill {labels} from the model
    </button>
  );
}

/** The description of the file in `param` of node `nodeId`; nothing outside a host (component previews). */
export function FileDescriptionPanel({ def, nodeId, param }: { def: NodeDef; nodeId: string; param: string }) {
  const api = useOptionalStudioApi();
  const store = useStudioStore();
  const stored = useStudio((s) => s.doc.nodes.find((n) => n.id === nodeId)?.params[param]);
  const filePath = useStudio((s) => s.filePath);
  const [state, setState] = useState<DescribeState>({ status: 'idle' });
  useEffect(() => {
    if (!api || typeof stored !== 'string' || !stored) {
      setState({ status: 'idle' });
      return;
    }
    // An answer for a path the user has since changed is dropped.
    let current = true;
    setState({ status: 'loading' });
    api.describeNodeFile(store.getState().doc, nodeId, filePath).then(
      (description) => current && setState({ status: 'ready', description }),
      (err: Error) => current && setState({ status: 'failed', message: err.message }),
    );
    return () => {
      current = false;
    };
  }, [api, store, stored, filePath, nodeId]);
  if (state.status === 'idle') return null;
  return (
    <section className="field file-description" data-testid="file-description" aria-busy={state.status === 'loading'}>
      <div className="field-label">Model signature</div>
      {state.status === 'loading' && <p className="field-help">Reading the file…</p>}
      {state.status === 'failed' && <p className="field-error">{state.message}</p>}
      {state.status === 'ready' && <Signature signature={state.description.signature} bytes={state.description.bytes} />}
      {state.status === 'ready' && state.description.suggestedParams && (
        <SuggestedParams def={def} nodeId={nodeId} suggested={state.description.suggestedParams} />
      )}
    </section>
  );
}
