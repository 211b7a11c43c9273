/**
 * Library versions recorded with every run, on top of what the engine records itself (app, Node.js,
 * DuckDB engine). Read from the installed packages' own package.json files, so they cannot drift.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The libraries whose version can change a result. */
const LIBRARIES = ['@duckdb/node-api', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node', 'zod'];

function packageVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * @example
 * packageVersions() // { '@duckdb/node-api': '1.5.6-r.1', '@tensorflow/tfjs': '4.22.0', ... }
 */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LIBRARIES) {
    const v = packageVersion(join(APP_ROOT, 'node_modules', name));
    if (v) out[name] = v;
  }
  return out;
}
