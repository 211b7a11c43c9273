/**
 * App and library versions recorded with every run (a run record must say what produced it).
 * Read from the installed packages' own package.json files, so they cannot drift from what ran.
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
 * packageVersions() // { app: '0.1.0', node: 'v20.20.2', '@duckdb/node-api': '1.5.6-r.1', ... }
 */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = { app: packageVersion(APP_ROOT) ?? 'unknown', node: process.version };
  for (const name of LIBRARIES) {
    const v = packageVersion(join(APP_ROOT, 'node_modules', name));
    if (v) out[name] = v;
  }
  return out;
}
