import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./testing/restart-probe.fixture.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function runInNewProcess(workspaceDir: string, factor: number) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe, workspaceDir, String(factor)], { cwd: process.cwd() });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    runId: string;
    status: string;
    nodes: Record<string, string>;
    metrics: Record<string, number>;
    pid: number;
  };
}

describe('cache across engine processes', () => {
  it('reuses outputs computed by an earlier process on the same workspace, and says what changed after a restart', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'ls-restart-'));
    dirs.push(ws);
    const first = await runInNewProcess(ws, 2);
    expect(first.nodes).toEqual({ source: 'done:no-previous-run', scale: 'done:no-previous-run', sum: 'done:no-previous-run' });
    // 0+1+...+9 = 45, times 2.
    expect(first.metrics['sum.total']).toBe(90);

    const second = await runInNewProcess(ws, 2);
    expect(second.pid).not.toBe(first.pid);
    expect(second.nodes).toEqual({ source: 'cached:same-as-previous', scale: 'cached:same-as-previous', sum: 'cached:same-as-previous' });
    expect(second.metrics['sum.total']).toBe(90);

    const third = await runInNewProcess(ws, 3);
    expect(third.nodes).toEqual({ source: 'cached:same-as-previous', scale: 'done:params-changed', sum: 'done:input-changed' });
    expect(third.metrics['sum.total']).toBe(135);
  });
});
