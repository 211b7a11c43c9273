/** /metrics counts what was sent (hand-counted here); /openapi.json describes the model's raw inputs. */
import Ajv from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { startModelServer } from './start.js';
import { trainPenguins } from './testing/penguins-model.js';

let ctx: FakeContext;
let rows: Record<string, unknown>[];
let server: Awaited<ReturnType<typeof startModelServer>>;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'metrics' });
  const trained = await trainPenguins(ctx.data);
  rows = trained.rows;
  server = await startModelServer(trained.dir, { port: 0 });
}, 600_000);
afterAll(async () => {
  await server?.close();
  ctx?.data.close();
});

const post = (body: string) => fetch(`${server.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('model server metrics and OpenAPI', () => {
  it('/metrics counts requests by route and status, rows scored, errors, latency and the model version', async () => {
    // Sent: 3 good requests of 4, 1, 2 rows (7 rows) and 2 bad ones (400).
    for (const n of [4, 1, 2]) expect((await post(JSON.stringify({ rows: rows.slice(0, n) }))).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post('{"rows": 1}')).status).toBe(400);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(text, 'model_server_requests_total{route="/predict",status="200"}')).toBe(3);
    expect(sample(text, 'model_server_requests_total{route="/predict",status="400"}')).toBe(2);
    expect(sample(text, 'model_server_errors_total{route="/predict",status="400"}')).toBe(2);
    expect(sample(text, 'model_server_rows_scored_total')).toBe(7);
    expect(sample(text, 'model_server_request_duration_seconds_count{route="/predict"}')).toBe(5);
    expect(sample(text, `model_server_model_info{model="${server.served.name}",version="${server.served.version}"}`)).toBe(1);
    // Its own registry: nothing from prom-client's global default metrics.
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('/openapi.json is an OpenAPI 3.1 document whose row schema accepts a real row and rejects a wrong one', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, { post: { requestBody: { content: Record<string, unknown> }; responses: Record<string, unknown> } }>;
      components: { schemas: { Row: Record<string, unknown> } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(server.served.version);
    expect(Object.keys(doc.paths['/predict'].post.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/predict'].post.responses)).toEqual(['200', '400', '401', '413', '415']);
    // No OpenAPI validator is installed; the schemas are JSON Schema 2020-12 (what 3.1 uses), so ajv checks them.
    const ajv = new Ajv.default({ strict: true });
    const validRow = ajv.compile(doc.components.schemas.Row);
    expect(validRow(rows[0])).toBe(true);
    expect(validRow({ ...rows[0], body_mass_g: 'heavy' })).toBe(false);
    const { island, ...noIsland } = rows[0];
    void island;
    expect(validRow(noIsland)).toBe(false);
    expect(Object.keys(doc.components.schemas.Row.properties as object).sort()).toEqual(
      ['bill_depth_mm', 'bill_length_mm', 'body_mass_g', 'flipper_length_mm', 'island', 'sex'].sort(),
    );
  });

  it('answers the v2 health, metadata and readiness routes', async () => {
    expect(await (await fetch(`${server.url}/v2/health/live`)).json()).toEqual({ live: true });
    expect(await (await fetch(`${server.url}/v2/health/ready`)).json()).toEqual({ ready: true });
    expect(await (await fetch(`${server.url}/v2/models/${server.served.name}/ready`)).json()).toEqual({ name: server.served.name, ready: true });
    const meta = (await (await fetch(`${server.url}/v2/models/${server.served.name}`)).json()) as {
      inputs: { name: string; datatype: string }[];
      versions: string[];
    };
    expect(meta.versions).toEqual([server.served.version]);
    expect(meta.inputs.find((i) => i.name === 'island')?.datatype).toBe('BYTES');
    expect(meta.inputs.find((i) => i.name === 'body_mass_g')?.datatype).toBe('FP64');
    expect((await fetch(`${server.url}/v2/models/not-this-one/ready`)).status).toBe(404);
  });
});
