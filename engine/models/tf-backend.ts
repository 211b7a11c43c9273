/**
 * Chooses the TensorFlow.js backend once per engine process, best first: the native
 * `@tensorflow/tfjs-node` binding when it is installed (an optional dependency), else the
 * WebAssembly backend (SIMD when the runtime has it), else the plain JavaScript `cpu` backend.
 * `tf.setBackend()` can quietly keep the previous backend, so every step checks what it returned
 * and what `tf.getBackend()` says afterwards.
 *
 * TensorFlow.js itself is imported on the first `getTf()`, not with this module: loading it takes
 * seconds, and the engine process loads every node runner at start, most of which never train.
 */
import { createRequire } from 'node:module';
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;

// The TensorFlow.js packages are CommonJS. Loaded with import(), Node scans their megabytes of source
// for export names first: 0.5-0.6 s of processor time for @tensorflow/tfjs against 0.1-0.3 s with require.
const requireCjs = createRequire(import.meta.url);

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use, for the window and the run record. */
export interface TfBackendInfo {
  name: TfBackendName;
  /** Human words, e.g. "wasm (SIMD)"; what the UI shows. */
  label: string;
  simd?: boolean;
  threads?: boolean;
  /** Why better backends were passed over, in order tried. */
  skipped: string[];
  tfjsVersion: string;
}

/**
 * TensorFlow.js as the app trains and predicts with it: tfjs-core and tfjs-layers. The union package
 * `@tensorflow/tfjs` also loads the graph-model converter, tfjs-data, the WebGL and CPU backends, the
 * tensor methods (x.mul(y)) and the gradients of every op, twice the load (about 0.13 s of processor time
 * against 0.06 s): `loadFullTf()` adds it where a tape or a tensor method is needed. The namespace is the
 * union's less what only the union has (converter, data, WebGL), which no code here uses.
 */
function requireTf(): Tf {
  const core = requireCjs('@tensorflow/tfjs-core') as { version_core: string };
  const layers = requireCjs('@tensorflow/tfjs-layers') as { version_layers: string };
  const version = { 'tfjs-core': core.version_core, 'tfjs-layers': layers.version_layers, tfjs: tfjsPackageVersion() };
  return { ...core, ...layers, version } as unknown as Tf;
}

/**
 * Loads the rest of the union package into the same tfjs-core: every op's gradient (the tape), the
 * tensor methods (x.mul(y)) and the CPU backend. Call before `tf.grad`, `optimizer.minimize` or a method.
 */
export function loadFullTf(): void {
  requireCjs('@tensorflow/tfjs');
}

let chosen: Promise<{ tf: Tf; backend: TfBackendInfo }> | undefined;
let settled: TfBackendInfo | undefined;

async function trySet(tf: Tf, name: string): Promise<boolean> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok && tf.getBackend() === name;
}

async function choose(tf: Tf): Promise<TfBackendInfo> {
  const skipped: string[] = [];
  const tfjsVersion = tf.version.tfjs;
  // A variable specifier keeps bundlers and tsc from requiring the optional package to exist.
  const nodeBinding = '@tensorflow/tfjs-node';
  try {
    requireCjs(nodeBinding);
    if (await trySet(tf, 'tensorflow')) return { name: 'tensorflow', label: 'tfjs-node (native TensorFlow)', skipped, tfjsVersion };
    skipped.push('tfjs-node: loaded but tf.setBackend("tensorflow") did not take');
  } catch (err) {
    skipped.push(`tfjs-node: not installed (${firstLine(err)})`);
  }
  try {
    requireCjs('@tensorflow/tfjs-backend-wasm');
    if (await trySet(tf, 'wasm')) {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      return { name: 'wasm', label: `wasm${simd ? ' (SIMD)' : ''}${threads ? ' (threads)' : ''}`, simd, threads, skipped, tfjsVersion };
    }
    skipped.push('wasm: tf.setBackend("wasm") did not take');
  } catch (err) {
    skipped.push(`wasm: failed to load (${firstLine(err)})`);
  }
  loadFullTf();
  if (await trySet(tf, 'cpu')) return { name: 'cpu', label: 'cpu (plain JavaScript)', skipped, tfjsVersion };
  throw new Error(`no TensorFlow.js backend could be initialised: ${skipped.join('; ')}`);
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}

/**
 * The TensorFlow.js module with the best backend set; chosen once, later calls share the choice.
 *
 * @example
 * const { tf, backend } = await getTf();
 * ctx.log('info', `training on ${backend.label}`);
 */
export async function getTf(): Promise<{ tf: Tf; backend: TfBackendInfo }> {
  chosen ??= (async () => {
    const tf = requireTf();
    const backend = await choose(tf);
    settled = backend;
    return { tf, backend };
  })();
  return chosen;
}

/**
 * Starts `getTf()` and lets a failure wait for the node that needs it: a node's `warmUp`
 * (engine/warm-up.ts), one function for every node that trains, so a run loads it once.
 */
export function loadTfSoon(): void {
  getTf().catch(() => undefined);
}

/** The backend chosen in this process, or undefined while no `getTf()` has finished: asks without loading TensorFlow.js. */
export function chosenTfBackend(): TfBackendInfo | undefined {
  return settled;
}

/**
 * Switches to a named backend for benchmarks that compare backends in one process. Throws when
 * the backend does not take, instead of silently running on another one.
 *
 * @example
 * await useBackendForBenchmark('cpu');
 */
export async function useBackendForBenchmark(name: 'wasm' | 'cpu'): Promise<void> {
  const { tf } = await getTf();
  if (name === 'cpu') loadFullTf();
  if (!(await trySet(tf, name))) throw new Error(`backend "${name}" is not available (tf.getBackend() says "${tf.getBackend()}")`);
}

/**
 * The backend as a run-record version entry; hosts pass it to `createEngine({ versions })`.
 *
 * @example
 * createEngine({ ..., versions: async () => ({ ...packageVersions(), ...(await tfBackendVersions()) }) });
 */
export async function tfBackendVersions(): Promise<Record<string, string>> {
  const { backend } = await getTf();
  return { 'tensorflow.js backend': backend.label };
}

/** The version of `@tensorflow/tfjs` installed (its package.json), without loading TensorFlow.js. */
export function tfjsPackageVersion(): string {
  return (requireCjs('@tensorflow/tfjs/package.json') as { version: string }).version;
}
