/**
 * The model as an MCP tool, called by the SDK's own client (Client + StreamableHTTPClientTransport)
 * over real HTTP: the tool's input schema is the package's row schema, its predictions are POST
 * /predict's, and the API key guards /mcp as every other scoring route.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeModelPackage } from '../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { startModelServer } from './start.js';
import { trainAdult, type AdultRow } from './testing/adult-model.js';

const KEY = 'mcp-test-key';
let ctx: FakeContext;
let server: Awaited<ReturnType<typeof startModelServer>>;
let rows: AdultRow[];
let pkg: string;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'mcp' });
  const trained = await trainAdult(ctx.data, 50);
  rows = trained.rows;
  pkg = join(ctx.artifactDir, 'adult-package');
  await writeModelPackage(pkg, { name: 'adult', version: 4, modelDir: trained.model.dir, lineage: { inputs: [], libraries: {}, missing: ['all: a test'] } });
  server = await startModelServer(pkg, { port: 0, apiKey: KEY });
}, 600_000);
afterAll(async () => {
  await server?.close();
  ctx?.data.close();
});

async function connect(key?: string): Promise<Client> {
  const client = new Client({ name: 'lifecycle-studio-test', version: '1.0.0' });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return client;
}

it('lists one tool named after the model, whose input schema is {rows: [row]} with the package row schema', async () => {
  const client = await connect(KEY);
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['predict_adult']);
    const { $schema: _s, ...row } = (JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8')) as { inputSchema: Record<string, unknown> }).inputSchema;
    expect(tools[0].inputSchema).toMatchObject({ type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: row } } });
    expect(Object.keys((row as { properties: object }).properties)).toHaveLength(14);
  } finally {
    await client.close();
  }
});

/** The value of one sample line of the Prometheus text, 0 when absent. */
async function sample(line: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': KEY } })).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

it('calling the tool with 50 adult-test rows gives exactly the predictions of POST /predict, counted in /metrics', async () => {
  const client = await connect(KEY);
  try {
    const [rowsBefore, mcpBefore] = [await sample('model_server_rows_scored_total'), await sample('model_server_requests_total{route="/mcp",status="200"}')];
    const result = await client.callTool({ name: 'predict_adult', arguments: { rows } });
    expect(result.isError).toBeFalsy();
    const viaMcp = result.structuredContent as { model: string; version: string; predictions: unknown[] };
    const res = await fetch(`${server.url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ rows }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    });
    const viaRest = (await res.json()) as { predictions: unknown[] };
    // 50 rows by the tool, then 50 by /predict; the tool call was one POST /mcp among the client's own (initialize, notification).
    expect((await sample('model_server_rows_scored_total')) - rowsBefore).toBe(100);
    expect(await sample('model_server_requests_total{route="/mcp",status="200"}')).toBeGreaterThan(mcpBefore);
    expect(viaMcp).toMatchObject({ model: 'adult', version: '4' });
    expect(viaMcp.predictions).toHaveLength(50);
    expect(viaMcp.predictions).toEqual(viaRest.predictions);
    // The text content carries the same result for clients that read only text.
    expect(JSON.parse((result.content as { text: string }[])[0].text)).toEqual(viaMcp);
  } finally {
    await client.close();
  }
});

it('a row without a column is a tool error naming the column, not a crash', async () => {
  const client = await connect(KEY);
  try {
    const { age: _age, ...noAge } = rows[0];
    const result = await client.callTool({ name: 'predict_adult', arguments: { rows: [noAge] } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toMatch(/^age: /);
  } finally {
    await client.close();
  }
});

it('without the API key the client cannot connect, and a bare POST /mcp is answered 401', async () => {
  await expect(connect()).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/unauthorized/) as unknown });
  await expect(connect('wrong-key')).rejects.toMatchObject({ code: 401 });
  const res = await fetch(`${server.url}/mcp`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(401);
});
