/** Bad requests get a 4xx naming each wrong field, never a 500; the key, the body limit and the loopback default. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { startModelServer } from './start.js';
import { trainPenguins } from './testing/penguins-model.js';

let ctx: FakeContext;
let dir: string;
let rows: Record<string, unknown>[];
const servers: Awaited<ReturnType<typeof startModelServer>>[] = [];

async function start(options: Parameters<typeof startModelServer>[1] = {}) {
  const server = await startModelServer(dir, { port: 0, ...options });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'bad' });
  ({ dir, rows } = await trainPenguins(ctx.data));
}, 600_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  ctx?.data.close();
});

const post = (url: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
  fetch(`${url}/predict`, { method: 'POST', body, headers: { 'content-type': type, ...headers } });

describe('model server bad requests', () => {
  it('binds 127.0.0.1 by default and scores good rows', async () => {
    const server = await start();
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const answer = await post(server.url, JSON.stringify({ rows }));
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { predictions: unknown[] }).predictions).toHaveLength(4);
  });

  it('scores zero rows to zero predictions', async () => {
    const server = await start();
    const answer = await post(server.url, '{"rows": []}');
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { predictions: unknown[] }).predictions).toEqual([]);
  });

  it('answers 400 with one message per wrong field: a missing column and a number sent as text', async () => {
    const server = await start();
    const bad = rows.map((r, i) => {
      const { island, ...rest } = r;
      void island;
      return i === 2 ? { ...rest, bill_length_mm: 'forty' } : rest;
    });
    const answer = await post(server.url, JSON.stringify({ rows: bad }));
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([
      { field: 'island', message: 'column "island" is missing in row(s) 0, 1, 2, 3; send it (null for a missing value).' },
      { field: 'bill_length_mm', message: 'column "bill_length_mm" must be a number (or null); row(s) 2 have something else.' },
    ]);
  });

  it('treats an unseen category as a value, not an error, and a CSV number that is text as an error', async () => {
    const server = await start();
    expect((await post(server.url, JSON.stringify({ rows: [{ ...rows[0], island: 'Atlantis' }] }))).status).toBe(200);
    const header = Object.keys(rows[0]);
    const line = header.map((h) => (h === 'body_mass_g' ? 'heavy' : String(rows[0][h] ?? ''))).join(',');
    const answer = await post(server.url, `${header.join(',')}\n${line}\n`, 'text/csv');
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body_mass_g']);
    const noSex = await post(server.url, header.filter((h) => h !== 'sex').join(',') + '\n', 'text/csv');
    expect(noSex.status).toBe(400);
    expect(((await noSex.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['sex']);
  });

  it('answers 400 for a body that is not JSON or has no rows, 415 for another content type, 413 past the body limit', async () => {
    const server = await start({ bodyLimit: 2000 });
    expect((await post(server.url, '{"rows": [')).status).toBe(400);
    const noRows = await post(server.url, '{"row": []}');
    expect(noRows.status).toBe(400);
    expect(((await noRows.json()) as { errors: { field: string }[] }).errors[0].field).toBe('rows');
    expect((await post(server.url, 'hello', 'text/plain')).status).toBe(415);
    const big = JSON.stringify({ rows: Array.from({ length: 40 }, () => rows[0]) });
    expect(big.length).toBeGreaterThan(2000);
    expect((await post(server.url, big)).status).toBe(413);
    expect((await post(server.url, JSON.stringify({ rows: [rows[0]] }))).status).toBe(200);
  });

  it('answers 401 without the API key when one is set, and keeps the health checks open', async () => {
    const server = await start({ apiKey: 'sesame-123' });
    expect((await post(server.url, JSON.stringify({ rows }))).status).toBe(401);
    expect((await post(server.url, JSON.stringify({ rows }), 'application/json', { authorization: 'Bearer wrong-key!' })).status).toBe(401);
    expect((await post(server.url, JSON.stringify({ rows }), 'application/json', { authorization: 'Bearer sesame-123' })).status).toBe(200);
    expect((await post(server.url, JSON.stringify({ rows }), 'application/json', { 'x-api-key': 'sesame-123' })).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
  });

  it('answers 400 naming each wrong v2 input', async () => {
    const server = await start();
    const inputs = server.served.inputs
      .filter((c) => c.name !== 'sex')
      .map((c) => ({ name: c.name, shape: [1], datatype: c.name === 'island' ? 'FP64' : c.type === 'number' ? 'FP64' : 'BYTES', data: [rows[0][c.name]] }));
    const answer = await fetch(`${server.url}/v2/models/${server.served.name}/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs }),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['island', 'sex']);
  });
});
