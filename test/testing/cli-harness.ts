/**
 * Helpers for tests that drive the real CLI as a user would: `node cli/bin.mjs ...` in a child
 * process, pipelines written to a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED_DATA = resolve(ROOT, '../shared/data');
const BIN = join(ROOT, 'cli/bin.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lifecycle-studio <args>` and resolves with its exit code and output (never rejects on exit != 0). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        if (typeof code !== 'number') return fail(err);
        done({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix = 'ls-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A minimal valid pipeline document from nodes and edges written as short tuples. */
export function pipeline(nodes: { id: string; type: string; params?: Record<string, unknown> }[], edges: [from: string, to: string][] = []) {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'test-pipeline',
    name: 'Test pipeline',
    nodes: nodes.map((n, i) => ({ id: n.id, type: n.type, typeVersion: 1, params: n.params ?? {}, position: { x: i * 240, y: 0 } })),
    edges: edges.map(([from, to], i) => {
      const [sn, sp] = from.split(':');
      const [tn, tp] = to.split(':');
      return { id: `e${i}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
    }),
  };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/** The JSON lines printed by `run --json`. */
export function jsonLines(stdout: string): { type: string; [k: string]: unknown }[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string });
}
