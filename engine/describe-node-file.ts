/**
 * The `describeNodeFile` request: what a node's input file holds (an ONNX model's signature),
 * asked by the inspector as soon as the file is chosen, before any run. The path is confined to the
 * run's allowed roots exactly as a run's would be (`assertRunPaths`), so describing reads no file a
 * run could not.
 */
import { dirname } from 'node:path';
import type { PipelineDocument } from './document/schema.js';
import { resolveParamPath } from './document/node-params.js';
import type { RunOptions } from './engine-types.js';
import { EngineError } from './errors.js';
import type { FileDescription } from './models/premade/signature-types.js';
import type { NodeImpl } from './node-run.js';
import { assertRunPaths } from './security/run-paths.js';

/**
 * @example
 * const d = await describeNodeFile(impls, doc, 'premade', { documentPath, allowedRoots });
 */
export async function describeNodeFile(
  impls: ReadonlyMap<string, NodeImpl>,
  doc: PipelineDocument,
  nodeId: string,
  options: Pick<RunOptions, 'documentPath' | 'allowedRoots'> = {},
): Promise<FileDescription> {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new EngineError('RUN_TARGET_UNKNOWN', `no node "${nodeId}" in this pipeline to describe a file of`, 'Select a node of the open pipeline.');
  const impl = impls.get(node.type);
  const param = impl?.def.describesFile;
  if (!impl?.describe || !param)
    throw new EngineError('NODE_FAILED', `node "${nodeId}" (${node.type}) cannot describe its input file`, 'Only node types that declare `describesFile` can.');
  const stored = (node.params as Record<string, unknown>)[param];
  if (typeof stored !== 'string' || !stored)
    throw new EngineError('PARAM_INVALID', `node "${nodeId}" has no file in "${param}" to describe`, 'Pick a file first.');
  const resolvePath = (p: string) => resolveParamPath(p, options.documentPath ? dirname(options.documentPath) : undefined);
  const single: PipelineDocument = { ...doc, nodes: [node], edges: [] };
  await assertRunPaths(single, [impl.def], [nodeId], resolvePath, options.allowedRoots);
  try {
    return await impl.describe(resolvePath(stored));
  } catch (err) {
    throw new EngineError('NODE_FAILED', `${node.label ?? node.id}: ${(err as Error).message}`, `Pick another file in "${param}".`);
  }
}
