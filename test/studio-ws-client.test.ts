/**
 * The renderer's WebSocket transport against the real browser-mode server: requests, coded errors
 * and pushed events all cross a real socket. (Node 20 has no global WebSocket; the `ws` package
 * stands in for the browser's, with the Origin a page served by the server would send.)
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { StudioEvent } from '../engine/contract.js';
import type { EngineApi } from '../engine/engine-types.js';
import { createStudioHandlers } from '../hosts/shared/studio-handlers.js';
import { startStudioServer, type StudioServer } from '../cli/serve/studio-server.js';
import { StudioError } from '../renderer/api/studio-error.js';
import { createWebSocketStudioApi, socketUrlFromPage } from '../renderer/api/ws-client.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} is not part of this test`)),
});

let dir: string;
let server: StudioServer;
let broadcast: (event: StudioEvent) => void = () => {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ws-client-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
  server = await startStudioServer({
    staticDir: join(dir, 'static'),
    createHandlers: (emit) => {
      broadcast = emit;
      return createStudioHandlers({
        engine: noEngine,
        engineInfo: () => Promise.reject(new Error('unused')),
        configDir: join(dir, 'cfg'),
        emit,
        defaultSaveDir: dir,
        allowedRoots: [dir],
      }).handlers;
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function socketClass(origin: string): typeof WebSocket {
  return class extends NodeWebSocket {
    constructor(url: string, protocols?: string[]) {
      super(url, protocols, { origin });
    }
  } as unknown as typeof WebSocket;
}

describe('createWebSocketStudioApi', () => {
  it('builds the socket URL from the page host, without the token', () => {
    expect(socketUrlFromPage({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
  });

  it('round-trips requests, raises coded errors with issue paths, and delivers events', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const api = createWebSocketStudioApi(socketUrlFromPage({ protocol: 'http:', host: `127.0.0.1:${server.port}` }), server.token, socketClass(origin));
    expect(await api.listRecent()).toEqual([]);
    const err = await api
      .savePipeline({ format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'x', name: 'X', nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: -1 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('DOCUMENT_INVALID');
    expect((err as StudioError).issues.map((i) => i.path)).toEqual(['viewport.zoom']);

    const got: StudioEvent[] = [];
    const off = api.onEvent((e) => got.push(e));
    await api.listSamples();
    broadcast({ type: 'menu-command', at: 1, command: 'save' });
    await expect.poll(() => got.length).toBe(1);
    expect(got[0]).toEqual({ type: 'menu-command', at: 1, command: 'save' });
    off();
  });

  it('fails with DISCONNECTED when the server refuses the socket', async () => {
    const api = createWebSocketStudioApi(`ws://127.0.0.1:${server.port}/ws`, 'wrong', socketClass(`http://127.0.0.1:${server.port}`));
    const err = await api.listRecent().catch((e: unknown) => e);
    expect((err as StudioError).code).toBe('DISCONNECTED');
  });

  it('reconnects by itself while someone listens, so events resume after the server restarts', async () => {
    const start = (port: number, token: string) =>
      startStudioServer({
        staticDir: join(dir, 'static'),
        port,
        token,
        createHandlers: (emit) => {
          restartedEmit = emit;
          return createStudioHandlers({ engine: noEngine, engineInfo: () => Promise.reject(new Error('unused')), configDir: join(dir, 'cfg2'), emit }).handlers;
        },
      });
    let restartedEmit: (event: StudioEvent) => void = () => {};
    const first = await start(0, 'fixed-token-for-restart');
    const port = first.port;
    const api = createWebSocketStudioApi(`ws://127.0.0.1:${port}/ws`, 'fixed-token-for-restart', socketClass(`http://127.0.0.1:${port}`));
    const got: StudioEvent[] = [];
    const off = api.onEvent((e) => got.push(e));
    await api.listRecent();
    await first.close();
    const second = await start(port, 'fixed-token-for-restart');
    try {
      // No request is made: only the client's own reconnect can bring this event in.
      await expect
        .poll(
          () => {
            restartedEmit({ type: 'engine-restarted', at: 2, reason: 'server restarted' });
            return got.length;
          },
          { timeout: 10_000, interval: 250 },
        )
        .toBeGreaterThan(0);
      expect(got[0]).toMatchObject({ type: 'engine-restarted', reason: 'server restarted' });
    } finally {
      off();
      await second.close();
    }
  });
});
