/**
 * Chooses the TensorFlow.js backend once per engine process, best first: the native
 * `@tensorflow/tfjs-node` binding when it is installed (an optional dependency), else the
 * WebAssembly backend (SIMD when the runtime has it), else the plain JavaScript `cpu` backend.
 * `tf.setBackend()` can quietly keep the previous backend, so every step checks what it returned
 * and what `tf.getBackend()` says afterwards.
 */
import * as tf from '@tensorflow/tfjs';

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

let chosen: Promise<TfBackendInfo> | undefined;

async function trySet(name: string): Promise<boolean> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok && tf.getBackend() === name;
}

async function choose(): Promise<TfBackendInfo> {
  const skipped: string[] = [];
  const tfjsVersion = tf.version.tfjs;
  // A variable specifier keeps bundlers and tsc from requiring the optional package to exist.
  const nodeBinding = '@tensorflow/tfjs-node';
  try {
    await import(nodeBinding);
    if (await trySet('tensorflow')) return { name: 'tensorflow', label: 'tfjs-node (native TensorFlow)', skipped, tfjsVersion };
    skipped.push('tfjs-node: loaded but tf.setBackend("tensorflow") did not take');
  } catch (err) {
    skipped.push(`tfjs-node: not installed (${firstLine(err)})`);
  }
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await trySet('wasm')) {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      return { name: 'wasm', label: `wasm${simd ? ' (SIMD)' : ''}${threads ? ' (threads)' : ''}`, simd, threads, skipped, tfjsVersion };
    }
    skipped.push('wasm: tf.setBackend("wasm") did not take');
  } catch (err) {
    skipped.push(`wasm: failed to load (${firstLine(err)})`);
  }
  if (await trySet('cpu')) return { name: 'cpu', label: 'cpu (plain JavaScript)', skipped, tfjsVersion };
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
export async function getTf(): Promise<{ tf: typeof tf; backend: TfBackendInfo }> {
  chosen ??= choose();
  return { tf, backend: await chosen };
}

/**
 * Switches to a named backend for benchmarks that compare backends in one process. Throws when
 * the backend does not take, instead of silently running on another one.
 *
 * @example
 * await useBackendForBenchmark('cpu');
 */
export async function useBackendForBenchmark(name: 'wasm' | 'cpu'): Promise<void> {
  await getTf();
  if (!(await trySet(name))) throw new Error(`backend "${name}" is not available (tf.getBackend() says "${tf.getBackend()}")`);
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
