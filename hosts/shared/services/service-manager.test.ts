/**
 * The service manager on real `serve-model` processes: deploy, a live listing, SIGKILL reported as
 * stopped with its reason, restart on the same URL, a second manager (a restarted host) seeing the
 * same services, the swap into a node's own service, a server that dies before it is ready, quit.
 */
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelPackage } from '../../../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../../../engine/testing/fake-context.js';
import { trainPenguins } from '../../../server/testing/penguins-model.js';
import { ServiceRegistryFile } from './registry-file.js';
import { ServiceManager, type ServiceInfo } from './service-manager.js';

let ctx: FakeContext;
let trained: Awaited<ReturnType<typeof trainPenguins>>;
let workspace: string;
let manager: ServiceManager;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'services' });
  trained = await trainPenguins(ctx.data);
  workspace = mkdtempSync(join(tmpdir(), 'ls-services-'));
  manager = new ServiceManager({ workspaceDir: workspace });
}, 600_000);
afterAll(async () => {
  for (const s of (await manager?.list()) ?? []) if (s.status !== 'stopped') await manager.stop(s.id);
  ctx?.data.close();
});

async function packageVersion(name: string, version: number): Promise<string> {
  const dir = join(ctx.artifactDir, `${name}-${version}`);
  await writeModelPackage(dir, { name, version, modelDir: trained.dir, lineage: { inputs: [], libraries: {}, missing: ['all: written by a test'] } });
  return dir;
}

const predict = async (url: string) => {
  const res = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ rows: trained.rows }), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as { version: string; predictions: unknown[] } };
};

/** Lists until `check` holds for the service: the condition, not a time, ends the wait. */
async function listUntil(m: ServiceManager, id: string, check: (s: ServiceInfo) => boolean): Promise<ServiceInfo> {
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const found = (await m.list()).find((s) => s.id === id);
    if (found && check(found)) return found;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

describe('ServiceManager', () => {
  it('deploys, lists it running, sees a SIGKILL as stopped with its reason, and restarts it on the same URL', async () => {
    const v1 = await packageVersion('penguins', 1);
    const served = await manager.deploy({ owner: 'doc/deploy-a', modelDir: v1, host: '127.0.0.1', port: 0, keepRunning: false });
    expect(served).toMatchObject({ model: 'penguins', version: '1' });
    expect((await predict(served.url)).body.predictions).toHaveLength(trained.rows.length);
    const listed = (await manager.list()).find((s) => s.id === served.serviceId)!;
    expect(listed).toMatchObject({ status: 'running', pid: served.pid, url: served.url, model: 'penguins', version: '1', keepRunning: false });
    expect(listed.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(listed).not.toHaveProperty('adminToken');
    expect(statSync(join(workspace, 'services/services.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(workspace, 'services')).mode & 0o777).toBe(0o700);

    process.kill(served.pid, 'SIGKILL');
    // Another host listing may only guess why it ended; the exit the starting process observes wins.
    // SIGKILL lands when the kernel next schedules the server, so that listing waits until the process is gone.
    await listUntil(new ServiceManager({ workspaceDir: workspace }), served.serviceId, (s) => s.status === 'stopped');
    const dead = await listUntil(manager, served.serviceId, (s) => /^killed by SIGKILL/.test(s.exitReason ?? ''));
    expect(dead.status).toBe('stopped');
    expect(dead.uptimeMs).toBeUndefined();

    const again = await manager.restart(served.serviceId);
    expect(again).toMatchObject({ status: 'running', url: served.url });
    expect(again.pid).not.toBe(served.pid);
    expect((await predict(served.url)).status).toBe(200);

    // A restarted host (a fresh manager on the same workspace) sees the same service and stops it.
    const other = new ServiceManager({ workspaceDir: workspace });
    expect((await other.list()).find((s) => s.id === served.serviceId)).toMatchObject({ status: 'running', pid: again.pid, url: served.url });
    expect(await other.stop(served.serviceId)).toBe(true);
    expect((await manager.list()).find((s) => s.id === served.serviceId)).toMatchObject({ status: 'stopped', exitReason: 'stopped by the user' });
  }, 600_000);

  it('reuses the node service serving the same folder, swaps a new version into it, and stops on quit unless kept running', async () => {
    const v1 = await packageVersion('penguins-swap', 1);
    const v2 = await packageVersion('penguins-swap', 2);
    const request = { owner: 'doc/deploy-b', modelDir: v1, host: '127.0.0.1', port: 0, keepRunning: false };
    const first = await manager.deploy(request);
    const same = await manager.deploy(request);
    expect(same).toMatchObject({ serviceId: first.serviceId, pid: first.pid, reused: true });
    // Clients keep posting to the service through the swap: none may fail.
    const failures: string[] = [];
    const versions: string[] = [];
    let stop = false;
    let waiting: { n: number; resolve: () => void } | undefined;
    const poke = () => {
      if (waiting && versions.length >= waiting.n) waiting.resolve();
    };
    /** Resolves once `n` answers have come (each client pokes after each answer). */
    const answers = (n: number) =>
      new Promise<void>((resolve) => {
        waiting = { n, resolve };
        poke();
      });
    const client = async () => {
      while (!stop) {
        const r = await predict(first.url).catch((err: Error) => ({ status: 0, body: { version: String(err) } }));
        if (r.status === 200) versions.push(r.body.version);
        else failures.push(`${r.status} ${r.body.version}`);
        poke();
      }
    };
    const clients = Array.from({ length: 3 }, client);
    let swapped: Awaited<ReturnType<typeof manager.deploy>>;
    try {
      await answers(6);
      swapped = await manager.deploy({ ...request, modelDir: v2 });
      await answers(versions.length + 6);
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);
    expect(versions).toContain('1');
    expect(versions.at(-1)).toBe('2');
    expect(swapped).toMatchObject({ serviceId: first.serviceId, pid: first.pid, url: first.url, version: '2' });
    expect(swapped.reused).toBeUndefined();
    expect((await predict(first.url)).body.version).toBe('2');

    const kept = await manager.deploy({ ...request, owner: 'doc/deploy-c', keepRunning: true });
    expect(kept.serviceId).not.toBe(first.serviceId);
    expect(await manager.stopOnQuit()).toEqual([first.serviceId]);
    const after = await manager.list();
    expect(after.find((s) => s.id === first.serviceId)).toMatchObject({ status: 'stopped', exitReason: 'stopped when the app quit' });
    expect(after.find((s) => s.id === kept.serviceId)).toMatchObject({ status: 'running' });
    await manager.stop(kept.serviceId);
  }, 600_000);

  it('reports the exit code and the last output of a server that dies before it is ready', async () => {
    const empty = join(ctx.artifactDir, 'not-a-model');
    mkdirSync(empty, { recursive: true });
    const failed = manager.deploy({ owner: 'doc/deploy-d', modelDir: empty, host: '127.0.0.1', port: 0, keepRunning: false });
    await expect(failed).rejects.toThrow(/exited before it was ready \(exit code 1\)[\s\S]*Cannot serve .*not-a-model: .*has no recipe\.json/);
  }, 600_000);
});

describe('ServiceRegistryFile', () => {
  it('loses no update when two writers (each with its own queue) change it at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-registry-'));
    const a = new ServiceRegistryFile(dir);
    const b = new ServiceRegistryFile(dir);
    const bump = (r: ServiceRegistryFile) =>
      r.update((all) => {
        if (!all[0]) all.push({ id: 'n', pid: 0 } as never);
        all[0].pid += 1;
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
    expect((await a.read())[0].pid).toBe(40);
  });
});
