/**
 * The `promptPlayground` request, engine side: a node's inputs are the cached outputs of the nodes
 * above it (keys computed as for a run, so an edit upstream is seen), read under the same confinement
 * as a run, with the run's secrets; sending passes the same host trust check as a run
 * (`assertRunHosts`). The node's own `playground` hook renders and calls, so there is one renderer of
 * templates. Nothing is recorded: a playground call is not a run.
 */
import type { PipelineDocument } from './document/schema.js';
import type { RunDeps } from './engine-run.js';
import { prepareRun } from './engine-run.js';
import { EngineError } from './errors.js';
import { checkPipeline } from './graph/check-pipeline.js';
import { NodeError, type NodeImpl, type PlaygroundContext } from './node-run.js';
import type { PlaygroundAnswer, PlaygroundOptions, PlaygroundProblem, PlaygroundRequest } from './playground-types.js';
import { assertRunHosts, type HostRefusal } from './security/run-hosts.js';
import type { PortValue } from './values.js';

const empty = (request: PlaygroundRequest, problem: PlaygroundProblem): PlaygroundAnswer => ({ rowCount: 0, rowIndex: request.row, columns: [], problem });

/** An error as the plain-words problem the playground shows. */
export function problemOf(err: unknown): PlaygroundProblem {
  if (err instanceof EngineError || err instanceof NodeError) {
    const refusals = err instanceof EngineError && err.code === 'HOST_NOT_ALLOWED' ? (err.details as HostRefusal[]) : undefined;
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}), ...(refusals ? { refusals } : {}) };
  }
  return { code: 'PLAYGROUND_FAILED', message: err instanceof Error ? err.message : String(err) };
}

/** The node's inputs from the cache, or the node above to run first. */
async function cachedInputs(
  deps: RunDeps,
  doc: PipelineDocument,
  nodeId: string,
  options: PlaygroundOptions,
): Promise<{ inputs: Record<string, PortValue | undefined> } | { problem: PlaygroundProblem }> {
  const inputs: Record<string, PortValue | undefined> = {};
  for (const edge of doc.edges.filter((e) => e.target.node === nodeId)) {
    const source = edge.source.node;
    // Keys as a run of that node would compute them (allowed folders included), so the playground never reads stale rows.
    const prepared = await prepareRun(deps, doc, {
      documentPath: options.documentPath,
      allowedRoots: options.allowedRoots,
      target: { mode: 'node', nodeId: source },
    });
    const { entry } = await deps.cache.lookup(prepared.historyId(source), prepared.keys.get(source)!);
    const value = entry?.outputs[edge.source.port];
    if (!value) {
      const node = doc.nodes.find((n) => n.id === source)!;
      const label = node.label ?? node.id;
      return {
        problem: {
          code: 'INPUT_NOT_READY',
          message: `"${label}" above has no output for its current settings yet, so there are no rows to try`,
          hint: `Run "${label}" (Run node), then pick a row here.`,
          runFirst: { nodeId: source, label },
        },
      };
    }
    inputs[edge.target.port] = value;
  }
  return { inputs };
}

/**
 * @example
 * const answer = await nodePlayground(deps, doc, 'prompt', { row: 2, variant, send: true }, { allowedHosts: [], secrets });
 */
export async function nodePlayground(
  deps: RunDeps,
  input: PipelineDocument,
  nodeId: string,
  request: PlaygroundRequest,
  options: PlaygroundOptions,
): Promise<PlaygroundAnswer> {
  const defs = [...deps.impls.values()].map((i) => i.def);
  const doc = checkPipeline(input, defs).document;
  const node = doc?.nodes.find((n) => n.id === nodeId);
  const impl: NodeImpl | undefined = node && deps.impls.get(node.type);
  if (!doc || !node || !impl?.playground)
    return empty(request, {
      code: 'PLAYGROUND_UNAVAILABLE',
      message: node ? `node "${node.label ?? nodeId}" (${node.type}) has no playground` : `no node "${nodeId}" in this pipeline`,
      hint: 'Select a Prompt node.',
    });
  let found;
  try {
    found = await cachedInputs(deps, doc, nodeId, options);
  } catch (err) {
    return empty(request, problemOf(err));
  }
  if ('problem' in found) return empty(request, found.problem);
  const data = await deps.data.connect({ node: true });
  const ctx: PlaygroundContext = {
    nodeId,
    signal: new AbortController().signal,
    data,
    workspaceDir: deps.workspaceDir,
    // As a run: the host's values first (keychain or environment), then this process's environment.
    secret: (name) => options.secrets?.[name] ?? process.env[name],
    assertMaySend: () => assertRunHosts(doc, defs, [nodeId], options.allowedHosts),
  };
  try {
    return await impl.playground(ctx, found.inputs, node.params, request);
  } catch (err) {
    return empty(request, problemOf(err));
  } finally {
    data.close();
  }
}
