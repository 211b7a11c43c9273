/**
 * Versions recorded with every run: the app (from package.json), Node.js, DuckDB, plus whatever the
 * host adds (Electron, the TensorFlow.js backend).
 */
import { version as duckdbVersion } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from this module to the package.json of the app; bundlers may move this file. */
export function appVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lifecycle-studio' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** What the engine knows by itself, without asking the host. */
export function baseVersions(): Record<string, string> {
  return { app: appVersion(), node: process.versions.node, duckdb: duckdbVersion() };
}

/**
 * Base versions plus the host's. A host whose versions cannot be read must not stop run records
 * from being written, so its failure is recorded instead of thrown.
 */
export async function collectVersions(extra?: () => Promise<Record<string, string>> | Record<string, string>): Promise<Record<string, string>> {
  try {
    return { ...baseVersions(), ...((await extra?.()) ?? {}) };
  } catch (error) {
    return { ...baseVersions(), versionsError: error instanceof Error ? error.message : String(error) };
  }
}
