/**
 * `lifecycle-studio serve` and the workspace's services: the window lists services another process
 * started (over the real WebSocket), and stopping `serve` stops those not marked "keep running".
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { studioWsProtocols } from '../engine/contract-names.js';
import type { ServiceInfo } from '../engine/services.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { ServiceManager } from '../hosts/shared/services/service-manager.js';
import { trainPenguins } from '../server/testing/penguins-model.js';
import { ROOT } from './testing/cli-harness.js';

let ctx: FakeContext;
let modelDir: string;
let dir: string;
let manager: ServiceManager;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'serve-quit' });
  modelDir = (await trainPenguins(ctx.data)).dir;
  dir = mkdtempSync(join(tmpdir(), 'ls-serve-quit-'));
  manager = new ServiceManager({ workspaceDir: join(dir, 'ws') });
}, 600_000);
afterAll(async () => {
  for (const s of (await manager?.list()) ?? []) if (s.status !== 'stopped') await manager.stop(s.id);
  ctx?.data.close();
});

it('lists the services in the window and stops those not kept running when serve stops', async () => {
  const request = { modelDir, host: '127.0.0.1', port: 0 };
  const plain = await manager.deploy({ ...request, owner: 'doc/a', keepRunning: false });
  const kept = await manager.deploy({ ...request, owner: 'doc/b', keepRunning: true });

  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>t</title>');
  const child = spawn(
    process.execPath,
    [join(ROOT, 'cli/bin.mjs'), 'serve', '--port', '0', '--workspace', join(dir, 'ws'), '--renderer', join(dir, 'static')],
    {
      cwd: dir,
      env: { ...process.env, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      if (/Open: \S+/.test(output)) resolve();
    });
  });
  const url = new URL(/Open: (\S+)/.exec(output)![1]);
  const ws = new WebSocket(`ws://${url.host}/ws`, studioWsProtocols(url.searchParams.get('token')!), { origin: url.origin });
  await once(ws, 'open');
  ws.send(JSON.stringify({ id: 1, method: 'listServices', args: [] }));
  const [reply] = (await once(ws, 'message')) as [Buffer];
  const listed = (JSON.parse(reply.toString()) as { result: ServiceInfo[] }).result;
  expect(listed.map((s) => [s.id, s.status, s.keepRunning]).sort()).toEqual(
    [
      [plain.serviceId, 'running', false],
      [kept.serviceId, 'running', true],
    ].sort(),
  );
  ws.close();

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  expect(output).toContain('Stopped 1 model server(s) not marked "keep running".');
  const after = await manager.list();
  expect(after.find((s) => s.id === plain.serviceId)).toMatchObject({ status: 'stopped', exitReason: 'stopped when the app quit' });
  expect(after.find((s) => s.id === kept.serviceId)).toMatchObject({ status: 'running' });
}, 600_000);
