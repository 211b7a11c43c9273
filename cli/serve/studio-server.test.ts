import { createHmac } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studioWsProtocols } from '../../engine/contract-names.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { createStudioHandlers } from '../../hosts/shared/studio-handlers.js';
import { startStudioServer, type StudioServer } from './studio-server.js';
import { openSocket } from '../testing/test-clients.js';

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
        // As `serve` passes it: a save keeps the previous version in the workspace (issue 14).
        workspaceDir: join(dir, 'workspace'),
      }).handlers,
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so the method, Host header and cookies are exactly what the test says. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ORIGIN = () => `http://127.0.0.1:${server.port}`;
/** Opens the socket as the page does (token as a subprotocol) unless the test says otherwise. */
const connect = (options: { origin?: string; protocols?: string[]; cookie?: string; query?: string } = {}) =>
  openSocket(`${server.wsUrl}${options.query ?? ''}`, { origin: ORIGIN(), protocols: studioWsProtocols(server.token), ...options });

/** The cookie the tokenised page load sets, as `name=value`. */
async function pageCookie(): Promise<string> {
  const page = await get(`/?token=${server.token}`);
  return String(page.headers['set-cookie']).split(';')[0];
}

describe('HTTP', () => {
  it('serves the page with the token, sets a port-named HttpOnly cookie, and serves the page and assets with that cookie', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(String(page.headers['set-cookie'])).toMatch(/; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = await pageCookie();
    expect(cookie.startsWith(`studio_token_${server.port}=`)).toBe(true);
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A reload: the address bar no longer has the token, the cookie brings the page back.
    expect((await get('/', { cookie })).body).toBe(INDEX);
  });

  it('the cookie holds an HMAC of the token, not the token, and it opens static GETs only', async () => {
    const cookie = await pageCookie();
    const value = cookie.slice(cookie.indexOf('=') + 1);
    expect(value).not.toBe(server.token);
    expect(value).toBe(createHmac('sha256', server.token).update('lifecycle-studio: static GET only').digest('base64url'));
    // Another local server that received the cookie learns nothing that passes for the token.
    expect((await get(`/?token=${value}`)).status).toBe(401);
    expect((await get('/', { cookie }, 'POST')).status).toBe(405);
    expect((await get('/', { cookie }, 'PUT')).status).toBe(405);
    expect((await connect({ protocols: studioWsProtocols(value) })).status).toBe(401);
    expect((await connect({ protocols: [], cookie })).status).toBe(401);
    // Not even a cookie holding the real token opens the socket: only the subprotocol does.
    expect((await connect({ protocols: [], cookie: `studio_token_${server.port}=${server.token}` })).status).toBe(401);
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
    expect((await connect({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect({ origin: undefined })).status).toBe(403);
    expect((await connect({ protocols: [] })).status).toBe(401);
    expect((await connect({ protocols: studioWsProtocols('wrong') })).status).toBe(401);
    // The token alone, without the protocol name beside it, is not how the page asks.
    expect((await connect({ protocols: [`studio-token.${server.token}`] })).status).toBe(401);
    // The token in the socket URL (the old way) no longer counts.
    expect((await connect({ protocols: [], query: `?token=${server.token}` })).status).toBe(401);
  });

  it('opens with the token offered as a subprotocol and echoes the protocol name, never the token', async () => {
    const { ws } = await connect();
    expect(ws?.protocol).toBe('lifecycle-studio.v1');
    ws?.close();
  });

  it('answers requests by id: save then open round-trips the document; bad payloads get coded errors', async () => {
    const { ws } = await connect();
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
