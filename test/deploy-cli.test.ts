/**
 * Deploy through the real CLI and engine process: import -> split -> train -> deploy gives an
 * endpoint that answers /predict and outlives the run; a second run reuses the live service; a
 * server killed with SIGKILL is started again by the next run, never taken from the cache as if up;
 * `services list|stop`; an address other than loopback is refused unless `--allow-host` names it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceManager, type ServiceInfo } from '../hosts/shared/services/service-manager.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';

let dir: string;
let ws: string;
let manager: ServiceManager;

const ROWS = [
  { island: 'Torgersen', bill_length_mm: 39.1, bill_depth_mm: 18.7, flipper_length_mm: 181, body_mass_g: 3750, sex: 'MALE' },
  { island: 'Biscoe', bill_length_mm: 46.1, bill_depth_mm: 13.2, flipper_length_mm: 211, body_mass_g: 4500, sex: 'FEMALE' },
];

const deployPipeline = (deploy: Record<string, unknown> = {}) =>
  pipeline(
    [
      { id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'penguins.csv') } },
      { id: 'split', type: 'split', params: { testRatio: 0.2, seed: 42, stratify: 'species' } },
      { id: 'train', type: 'train', params: { target: 'species', model: 'linear', epochs: 5, batchSize: 32 } },
      { id: 'deploy', type: 'deploy', params: { port: 0, ...deploy } },
    ],
    [
      ['imp:table', 'split:input'],
      ['split:train', 'train:train'],
      ['train:model', 'deploy:model'],
    ],
  );

const predict = async (url: string) => {
  const res = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ rows: ROWS }), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as { predictions: { prediction: string }[] } };
};

async function runDeploy(file: string, extra: string[] = []) {
  return runCli(['run', file, '--json', '--workspace', ws, '--allow-path', SHARED_DATA, ...extra]);
}

const theService = async () => (await manager.list()).filter((s) => s.owner === 'test-pipeline/deploy' && s.status !== 'stopped');

async function listUntil(check: (all: ServiceInfo[]) => boolean): Promise<ServiceInfo[]> {
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const all = await manager.list();
    if (check(all)) return all;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

beforeAll(() => {
  dir = tempDir('ls-deploy-');
  ws = join(dir, 'ws');
  manager = new ServiceManager({ workspaceDir: ws });
});
afterAll(async () => {
  for (const s of (await manager?.list()) ?? []) if (s.status !== 'stopped') await manager.stop(s.id);
});

describe('Deploy through the CLI', () => {
  it('serves the trained model; the next run reuses the live server; a killed one is started again', async () => {
    const file = writeJson(dir, 'deploy.pipeline.json', deployPipeline());
    const first = await runDeploy(file);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [service] = await theService();
    expect(service).toMatchObject({ status: 'running', host: '127.0.0.1', keepRunning: false });
    const deployed = jsonLines(first.stdout).find((e) => e.type === 'node-finished' && e.nodeId === 'deploy') as unknown as {
      outputs: { endpoint: { text: string } };
    };
    expect(deployed.outputs.endpoint.text).toBe(service.url);
    // The CLI and its engine process have exited: the server outlives them.
    const answer = await predict(service.url);
    expect(answer.status).toBe(200);
    expect(answer.body.predictions.map((p) => p.prediction)).toHaveLength(2);

    const second = await runDeploy(file);
    expect(second.code).toBe(0);
    const logs = jsonLines(second.stdout).filter((e) => e.type === 'node-log' && e.nodeId === 'deploy');
    expect(logs.map((e) => e.message)).toEqual([`already serving version ${service.version} at ${service.url}`]);
    expect((await theService()).map((s) => s.pid)).toEqual([service.pid]);

    process.kill(service.pid, 'SIGKILL');
    await listUntil((all) => all.find((s) => s.id === service.id)?.status === 'stopped');
    const third = await runDeploy(file);
    expect(third.code).toBe(0);
    const [again] = await theService();
    expect(again.pid).not.toBe(service.pid);
    expect((await predict(again.url)).status).toBe(200);

    const listed = await runCli(['services', 'list', '--json', '--workspace', ws]);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as ServiceInfo[];
    expect(rows.find((s) => s.id === service.id)?.status).toBe('stopped');
    expect(rows.find((s) => s.id === again.id)).toMatchObject({ status: 'running', pid: again.pid });
    const stopped = await runCli(['services', 'stop', again.id, '--workspace', ws]);
    expect(stopped).toMatchObject({ code: 0, stdout: `Stopped ${again.id}.\n` });
    expect((await manager.list()).find((s) => s.id === again.id)).toMatchObject({ status: 'stopped', exitReason: 'stopped by the user' });
    expect((await runCli(['services', 'stop', 'svc-nope', '--workspace', ws])).code).toBe(1);
  }, 900_000);

  it('refuses an address other than loopback, naming the node and --allow-host; allowed, the server is tried there', async () => {
    const file = writeJson(dir, 'exposed.pipeline.json', deployPipeline({ host: '192.0.2.1' }));
    const refused = await runDeploy(file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('node "deploy", param "host": binds 192.0.2.1, an address other than this machine');
    expect(refused.stderr).toContain('--allow-host 192.0.2.1');
    expect(jsonLines(refused.stdout).some((e) => e.type === 'node-started')).toBe(false);

    // 192.0.2.1 (TEST-NET-1) is on no interface here: once allowed, the server fails to bind, and says so.
    const servicesBefore = existsSync(join(ws, 'services/services.json')) ? (await manager.list()).length : 0;
    const allowed = await runDeploy(file, ['--allow-host', '192.0.2.1']);
    expect(allowed.code).toBe(1);
    const failed = jsonLines(allowed.stdout).find((e) => e.type === 'node-failed' && e.nodeId === 'deploy') as unknown as { error: { message: string } };
    expect(failed.error.message).toMatch(/exited before it was ready \(exit code 1\)[\s\S]*EADDRNOTAVAIL/);
    expect((await manager.list()).length).toBe(servicesBefore);
  }, 900_000);
});
