/**
 * Library versions recorded with every run, on top of what the engine records itself (app, Node.js,
 * DuckDB engine). Read from the installed packages' own package.json files, so they cannot drift.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's folder: node_modules/<name> in the nearest folder above this module that has
 * it, since this module runs from hosts/shared/ under tsx and from dist-electron/ when bundled.
 */
function installedDir(name: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return join(dir, 'node_modules', name);
    if (dirname(dir) === dir) return undefined;
  }
}

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
    const dir = installedDir(name);
    const v = dir && packageVersion(dir);
    if (v) out[name] = v;
  }
  return out;
}
