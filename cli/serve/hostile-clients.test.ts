/**
 * A real `lifecycle-studio serve` in a child process against clients that misbehave on the wire.
 * The child is the honest crash detector: an uncaught 'error' ends it, and every test checks that
 * it is still running and still answering a well-behaved client that was connected all along.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { call, frameHeader, type Reply, goodClient, rawClient, serverCloseCode, upgradeRequest } from '../testing/test-clients.js';

const CLI_BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const SAMPLES_DIR = fileURLToPath(new URL('../../pipelines-samples/', import.meta.url));

let dir: string;
let child: ChildProcess;
let output = '';
let port: number;
let token: string;
let bystander: WebSocket;
let nextId = 1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-hostile-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>hostile clients</title>');
  child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--renderer', join(dir, 'renderer'), '--workspace', join(dir, 'workspace')], {
    cwd: dir,
    env: { ...process.env, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const check = () => {
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output);
      if (match) resolve(new URL(match[1]));
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL:\n${output}`)));
  });
  port = Number(url.port);
  token = url.searchParams.get('token')!;
  bystander = await goodClient(port, token);
});

afterAll(async () => {
  bystander?.terminate();
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

/** The server process is running, and the client connected before the attack still gets answers. */
async function expectServerUnharmed(): Promise<void> {
  const samples: Reply = await call(bystander, nextId++, 'listSamples').catch((err: Error) => ({
    id: null,
    error: { code: 'LOST', message: `${err.message}\n${output}` },
  }));
  expect(samples.error).toBeUndefined();
  // Independent count: the sample files on disk.
  const onDisk = (await readdir(SAMPLES_DIR)).filter((n) => n.endsWith('.pipeline.json')).length;
  expect((samples.result as unknown[]).length).toBe(onDisk);
  expect({ exitCode: child.exitCode, signal: child.signalCode }).toEqual({ exitCode: null, signal: null });
  // A newcomer is served too.
  const fresh = await goodClient(port, token);
  expect((await call(fresh, nextId++, 'listRecent')).result).toEqual([]);
  fresh.close();
}

describe('a hostile client loses only its own connection', () => {
  it('an upgrade refused for want of a token, then reset (RST) by the client, leaves the server running', async () => {
    const raw = await rawClient(port);
    raw.socket.write(upgradeRequest(port));
    const answer = await raw.until((b) => b.includes('\r\n\r\n'));
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 401 /);
    raw.socket.resetAndDestroy();
    await expectServerUnharmed();
  });

  it('an authenticated client sending a text frame of invalid UTF-8 is closed with 1007', async () => {
    const raw = await rawClient(port);
    raw.socket.write(upgradeRequest(port, token));
    await raw.until((b) => b.includes('\r\n\r\n'));
    expect(raw.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
    raw.socket.write(Buffer.concat([frameHeader(0x1, 2), Buffer.from([0xc3, 0x28])]));
    const bytes = await raw.until((b) => serverCloseCode(b) !== undefined);
    expect(serverCloseCode(bytes)).toBe(1007);
    raw.socket.destroy();
    await expectServerUnharmed();
  });

  it('an authenticated client announcing a 100 MB frame is closed with 1009 before it sends the payload', async () => {
    const raw = await rawClient(port);
    raw.socket.write(upgradeRequest(port, token));
    await raw.until((b) => b.includes('\r\n\r\n'));
    // Only the header and a few payload bytes are sent: the server must judge by the announced length.
    raw.socket.write(Buffer.concat([frameHeader(0x1, 100 * 1024 * 1024), Buffer.from('{"id":1,')]));
    const bytes = await raw.until((b) => serverCloseCode(b) !== undefined);
    expect(serverCloseCode(bytes)).toBe(1009);
    raw.socket.destroy();
    await expectServerUnharmed();
  });

  it('malformed HTTP gets a 400 that says why, and the server lives', async () => {
    const raw = await rawClient(port);
    raw.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nthis line is no header\r\n\r\n');
    const bytes = await raw.until((b) => b.includes('\r\n\r\n') && b.includes('\n', b.indexOf('\r\n\r\n') + 4));
    const text = bytes.toString('latin1');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('Lifecycle Studio could not read this HTTP request (HPE_INVALID_HEADER_TOKEN)');
    raw.socket.destroy();
    await expectServerUnharmed();
  });
});
