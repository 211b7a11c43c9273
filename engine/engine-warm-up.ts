/**
 * Starts the one-time loading a node runner needs (`NodeImpl.warmUp`: TensorFlow.js for Train) as
 * soon as a run begins, for the nodes it will run rather than reuse, so the loading overlaps the
 * nodes above them (an import mostly waits on DuckDB's threads) instead of delaying the node itself.
 * A hint only: a failure here is ignored, and the node's own run reports the real problem.
 */
import type { KeyMaterial } from './cache/cache-reason.js';
import type { CacheStore } from './cache/cache-store.js';
import type { NodeImpl } from './node-run.js';

export interface WarmUpInput {
  nodeIds: readonly string[];
  typeOf: (nodeId: string) => string;
  impls: ReadonlyMap<string, NodeImpl>;
  keys: ReadonlyMap<string, KeyMaterial>;
  cache: CacheStore;
  historyId: (nodeId: string) => string;
  /** Node ids forced to run (`*`: all). */
  force: ReadonlySet<string>;
}

async function willRun(input: WarmUpInput, nodeId: string, impl: NodeImpl): Promise<boolean> {
  if (impl.def.neverCache || input.force.has(nodeId) || input.force.has('*')) return true;
  const found = await input.cache.lookup(input.historyId(nodeId), input.keys.get(nodeId)!);
  return !found.entry;
}

/** Fire and forget: resolves when every warm-up it started has settled (tests wait on it). */
export async function warmUpNodes(input: WarmUpInput): Promise<void> {
  const byImpl = new Map<NodeImpl, string[]>();
  for (const nodeId of input.nodeIds) {
    const impl = input.impls.get(input.typeOf(nodeId));
    if (impl?.warmUp) byImpl.set(impl, [...(byImpl.get(impl) ?? []), nodeId]);
  }
  const once = async (impl: NodeImpl, nodeIds: string[]) => {
    for (const nodeId of nodeIds) if (await willRun(input, nodeId, impl)) return impl.warmUp!();
  };
  await Promise.all([...byImpl].map(([impl, nodeIds]) => once(impl, nodeIds).catch(() => undefined)));
}
