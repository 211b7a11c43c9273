/**
 * The caps on what one client may hold: open connections, unanswered requests per connection and
 * the size of one message. A server with small caps (2 and 2) shows the mechanism; the message cap
 * is the real one. Requests are held open by a handler the test releases, not by timing.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { EngineApi } from '../../engine/engine-types.js';
import { createStudioHandlers } from '../../hosts/shared/studio-handlers.js';
import { MAX_MESSAGE_BYTES, startStudioServer, type StudioServer } from './studio-server.js';
import { call, closeOf, frameHeader, goodClient, rawClient, serverCloseCode, upgradeRequest, type Reply } from '../testing/test-clients.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} is not part of this test`)),
});

let dir: string;
let server: StudioServer;
/** listRecent answers only once the test releases it, so requests stay in flight on purpose. */
let releaseRecent: () => void = () => {};
let recentGate = Promise.resolve();
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'client-limits-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html>');
  server = await startStudioServer({
    staticDir: join(dir, 'static'),
    limits: { maxConnections: 2, maxInFlight: 2 },
    log: (line) => lines.push(line),
    createHandlers: (emit) => {
      const { handlers } = createStudioHandlers({ engine: noEngine, engineInfo: () => Promise.reject(new Error('unused')), configDir: join(dir, 'cfg'), emit });
      return { ...handlers, listRecent: () => recentGate.then(() => handlers.listRecent()) };
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A client the server admits and answers. The server learns that an earlier client left a moment
 * after that client does, so a full house is retried until a slot is free.
 */
async function admittedClient(): Promise<WebSocket> {
  let admitted: WebSocket | undefined;
  await expect
    .poll(
      async () => {
        const ws = await goodClient(server.port, server.token);
        const answer = await call(ws, 0, 'listSamples').catch(() => undefined);
        if (answer && !answer.error) admitted = ws;
        else ws.terminate();
        return admitted !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return admitted!;
}

describe('caps per client', () => {
  it('refuses a connection over the cap with close code 1013 and a reason, and leaves the others working', async () => {
    const first = await goodClient(server.port, server.token);
    const second = await goodClient(server.port, server.token);
    const third = await goodClient(server.port, server.token);
    const refused = await closeOf(third);
    expect(refused.code).toBe(1013);
    expect(refused.reason).toContain('too many connections (limit 2)');
    expect((await call(first, 1, 'listSamples')).error).toBeUndefined();
    expect((await call(second, 1, 'listSamples')).error).toBeUndefined();

    // A slot freed is a slot the next client gets.
    await Promise.all([closeOf(first), first.close()]);
    const next = await admittedClient();
    await Promise.all([closeOf(next), next.close(), closeOf(second), second.close()]);
  });

  it('answers a request over the in-flight cap at once with TOO_MANY_REQUESTS, and serves again once answers are out', async () => {
    recentGate = new Promise((resolve) => (releaseRecent = resolve));
    const ws = await admittedClient();
    try {
      const held = [call(ws, 1, 'listRecent'), call(ws, 2, 'listRecent')];
      // If the cap is missing the test fails below; these must not also surface as unhandled.
      for (const p of held) p.catch(() => undefined);
      // Messages on one socket are handled in order: 1 and 2 are in flight when 3 arrives.
      const over: Reply = await call(ws, 3, 'listSamples');
      expect(over.error?.code).toBe('TOO_MANY_REQUESTS');
      expect(over.error?.message).toContain('2 requests of this connection are still unanswered');
      releaseRecent();
      expect((await Promise.all(held)).map((r) => r.result)).toEqual([[], []]);
      expect((await call(ws, 4, 'listSamples')).error).toBeUndefined();
    } finally {
      releaseRecent();
      ws.close();
    }
  });

  it('closes a client whose frame announces one byte over the 4 MiB message cap with 1009, and accepts a 1 MiB message', async () => {
    expect(MAX_MESSAGE_BYTES).toBe(4 * 1024 * 1024);
    const ws = await admittedClient();
    // A 1 MiB request (a big pipeline's worth of JSON) is read and answered, here with a coded error.
    const big = await call(ws, 1, 'validatePipeline', [{ name: 'x'.repeat(1024 * 1024) }]);
    expect(big.result ?? big.error).toBeDefined();

    const raw = await rawClient(server.port);
    raw.socket.write(upgradeRequest(server.port, server.token));
    await raw.until((b) => b.includes('\r\n\r\n'));
    raw.socket.write(frameHeader(0x1, MAX_MESSAGE_BYTES + 1));
    expect(serverCloseCode(await raw.until((b) => serverCloseCode(b) !== undefined))).toBe(1009);
    raw.socket.destroy();
    expect(lines.some((l) => l.includes('Max payload size exceeded'))).toBe(true);
    expect((await call(ws, 2, 'listSamples')).error).toBeUndefined();
    ws.close();
  });
});
