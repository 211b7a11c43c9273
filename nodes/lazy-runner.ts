/**
 * A node type whose runner module loads on first use. The engine process loads the whole catalogue
 * at start, and the runners' modules bring libraries that take seconds to load (TensorFlow.js,
 * onnxruntime, the openai client, ajv); a run loads only the runners of the nodes it runs.
 * The definition (data only) stays loaded: validation, plans and cache keys need no runner.
 */
import type { NodeDef } from '../engine/node-def.js';
import type { NodeImpl } from '../engine/node-run.js';

/** The optional runner hooks the engine tests for by presence, so a lazy entry must declare them up front. */
export type RunnerHook = 'keyFiles' | 'describe' | 'playground';
export const RUNNER_HOOKS: readonly RunnerHook[] = ['keyFiles', 'describe', 'playground'];

export interface LazyEntry {
  def: NodeDef;
  load: () => Promise<NodeImpl>;
  hooks?: readonly RunnerHook[];
}

/** The hooks a loaded runner has; `nodes/catalog-load.test.ts` checks each entry declares exactly these. */
export function hooksOf(impl: NodeImpl): RunnerHook[] {
  return RUNNER_HOOKS.filter((h) => impl[h] !== undefined);
}

export function lazyRunner({ def, load, hooks = [] }: LazyEntry): NodeImpl {
  let loading: Promise<NodeImpl> | undefined;
  const impl = () => {
    loading ??= load().catch((err: unknown) => {
      // A failed load (a missing native library) is tried again next time rather than kept.
      loading = undefined;
      throw err;
    });
    return loading;
  };
  const has = (h: RunnerHook) => hooks.includes(h);
  return {
    def,
    run: async (ctx, inputs, params) => (await impl()).run(ctx, inputs, params),
    ...(has('keyFiles') ? { keyFiles: async (params, env) => (await impl()).keyFiles!(params, env) } : {}),
    ...(has('describe') ? { describe: async (path) => (await impl()).describe!(path) } : {}),
    ...(has('playground') ? { playground: async (ctx, inputs, params, request) => (await impl()).playground!(ctx, inputs, params, request) } : {}),
  };
}
