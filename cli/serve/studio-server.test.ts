import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineApi } from '../../engine/engine-types.js';
import { createStudioHandlers } from '../../engine/host/studio-handlers.js';
import { startStudioServer, type StudioServer } from './studio-server.js';

/** The server tests drive file requests only; an engine call would be a test bug. */
const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} is not part of this test`)),
});

let dir: string;
let server: StudioServer;
const INDEX = '<!doctype html><title>studio test page</title>';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-server-'));
  await mkdir(join(dir, 'static', 'assets'), { recursive: true });
  await writeFile(join(dir, 'static', 'index.html'), INDEX);
  await writeFile(join(dir, 'static', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the static root');
  server = await startStudioServer({
    staticDir: join(dir, 'static'),
    createHandlers: (emit) =>
      createStudioHandlers({
        engine: noEngine,
        engineInfo: () => Promise.reject(new Error('unused')),
        configDir: join(dir, 'config'),
        emit,
        defaultSaveDir: join(dir, 'ws'),
        allowedRoots: [join(dir, 'ws')],
      }).handlers,
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw GET, so the Host header and cookies are exactly what the test says. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket and resolves with 'open' or the HTTP status that refused it. */
function connect(url: string, origin?: string): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({}));
  });
}

const ORIGIN = () => `http://127.0.0.1:${server.port}`;

describe('HTTP', () => {
  it('serves the page with the token, sets a port-named cookie, and serves assets with that cookie', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(cookie).toBe(`studio_token_${server.port}=${server.token}`);
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses requests without the token, with a wrong token, or for a foreign Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/?token=${server.token}`, { host: 'evil.example:80' })).status).toBe(421);
  });

  it('never serves a file outside its folder', async () => {
    const escaped = await get(`/..%2Fsecret.txt?token=${server.token}`);
    expect(escaped.body).not.toContain('outside the static root');
    expect(escaped.status).toBe(404);
  });
});

describe('WebSocket', () => {
  it('refuses a foreign Origin, a missing Origin, and a missing or wrong token', async () => {
    expect((await connect(server.wsUrl, 'http://evil.example')).status).toBe(403);
    expect((await connect(server.wsUrl)).status).toBe(403);
    const noToken = server.wsUrl.replace(/\?token=.*/, '');
    expect((await connect(noToken, ORIGIN())).status).toBe(401);
    expect((await connect(`${noToken}?token=wrong`, ORIGIN())).status).toBe(401);
  });

  it('answers requests by id: save then open round-trips the document; bad payloads get coded errors', async () => {
    const { ws } = await connect(server.wsUrl, ORIGIN());
    expect(ws).toBeDefined();
    const replies = new Map<unknown, { result?: unknown; error?: { code: string; message: string; issues?: { path: string }[] } }>();
    const waiters = new Map<unknown, () => void>();
    ws!.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id: unknown; result?: unknown };
      replies.set(msg.id, msg);
      waiters.get(msg.id)?.();
    });
    const call = (id: number, method: string, args: unknown[]) =>
      new Promise<NonNullable<ReturnType<typeof replies.get>>>((resolve) => {
        waiters.set(id, () => resolve(replies.get(id)!));
        ws!.send(JSON.stringify({ id, method, args }));
      });

    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'ws-doc',
      name: 'Over the wire',
      nodes: [{ id: 'n1', type: 'import-csv', typeVersion: 1, params: { path: 'a.csv' }, position: { x: 1, y: 2 } }],
      edges: [],
    };
    // JSON sends the absent path as null; the host treats it as "not given" and uses the workspace.
    const saved = await call(1, 'savePipeline', [doc, null]);
    const path = join(dir, 'ws', 'over-the-wire.pipeline.json');
    expect(saved).toEqual({ id: 1, result: { path } });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(doc);
    expect(await call(2, 'openPipeline', [path])).toEqual({ id: 2, result: { path, document: doc, issues: [] } });
    expect(await call(3, 'listRecent', [])).toEqual({ id: 3, result: [path] });

    const bad = await call(4, 'savePipeline', [{ ...doc, name: '' }, path]);
    expect(bad.error?.code).toBe('DOCUMENT_INVALID');
    expect(bad.error?.issues?.map((i) => i.path)).toEqual(['name']);
    const outside = await call(5, 'openPipeline', [join(dir, 'secret.txt')]);
    expect(outside.error?.code).toBe('PATH_REFUSED');
    const unknown = await call(6, 'runShell', ['ls']);
    expect(unknown.error?.code).toBe('BAD_REQUEST');
    ws!.close();
  });
});
