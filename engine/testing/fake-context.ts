/**
 * A real-data, fake-host RunContext for unit tests of node runners: a throwaway in-memory DuckDB,
 * a temporary artifact folder, and arrays that collect progress and logs for assertions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import type { LogLevel, ProgressDetail, RunContext } from '../node-run.js';

export interface FakeContext extends RunContext {
  readonly progressCalls: { fraction: number | undefined; message: string; detail?: ProgressDetail }[];
  readonly logs: { level: LogLevel; message: string }[];
  readonly controller: AbortController;
}

let counter = 0;

/**
 * @example
 * const data = await openDataPlane(':memory:');
 * const ctx = createFakeContext(data, { baseDir: process.cwd() });
 * const out = await importRunner.run(ctx, {}, params);
 */
export function createFakeContext(
  data: DataPlane,
  options: { baseDir?: string; nodeId?: string; secrets?: Record<string, string>; workspaceDir?: string } = {},
): FakeContext {
  const nodeId = options.nodeId ?? `node${++counter}`;
  const controller = new AbortController();
  const progressCalls: FakeContext['progressCalls'] = [];
  const logs: FakeContext['logs'] = [];
  const artifactDir = mkdtempSync(join(tmpdir(), `ls-artifacts-${nodeId}-`));
  const baseDir = options.baseDir ?? process.cwd();
  return {
    runId: 'test-run',
    nodeId,
    signal: controller.signal,
    controller,
    progressCalls,
    logs,
    data,
    artifactDir,
    progress: (fraction, message, detail) => progressCalls.push({ fraction, message, detail }),
    log: (level, message) => logs.push({ level, message }),
    outputTable: (port) => `t_${nodeId}_${port}`.replace(/[^A-Za-z0-9_]/g, '_'),
    resolvePath: (p) => (isAbsolute(p) ? p : resolve(baseDir, p)),
    // A throwaway workspace unless the test names one: the registry a node writes then lands there.
    workspaceDir: options.workspaceDir ?? mkdtempSync(join(tmpdir(), `ls-workspace-${nodeId}-`)),
    secret: (name) => options.secrets?.[name],
  };
}

/** A fresh in-memory data plane plus a context on it; close the data plane after the test. */
export async function createTestContext(options?: Parameters<typeof createFakeContext>[1]): Promise<FakeContext> {
  return createFakeContext(await openDataPlane(':memory:'), options);
}
