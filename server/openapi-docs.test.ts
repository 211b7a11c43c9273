/**
 * GET /openapi.json passes an OpenAPI 3.1 validator (@seriousme/openapi-schema-validator) for a
 * classification package (adult) and a regression model (penguin body mass); GET /docs is one
 * self-contained page whose curl example, run by a real curl, answers what POST /predict answers.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelPackage } from '../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { loadSplit } from '../nodes/testing/test-datasets.js';
import { trainOn } from '../nodes/testing/train-test-kit.js';
import { startModelServer } from './start.js';
import { trainAdult, type AdultRow } from './testing/adult-model.js';

let ctx: FakeContext;
let adult: Awaited<ReturnType<typeof startModelServer>>;
let regression: Awaited<ReturnType<typeof startModelServer>>;
let keyed: Awaited<ReturnType<typeof startModelServer>>;
const KEY = 'openapi-key';

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'openapi-docs' });
  const trained = await trainAdult(ctx.data, 0);
  const pkg = join(ctx.artifactDir, 'adult-package');
  await writeModelPackage(pkg, { name: 'adult', version: 2, modelDir: trained.model.dir, lineage: { inputs: [], libraries: {}, missing: ['all: a test'] } });
  adult = await startModelServer(pkg, { port: 0 });
  keyed = await startModelServer(pkg, { port: 0, apiKey: KEY });
  const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  const { model } = await trainOn(ctx.data, penguins.train, { target: 'body_mass_g', model: 'linear', epochs: 2, batchSize: 32 });
  regression = await startModelServer(model.dir, { port: 0 });
}, 600_000);
afterAll(async () => {
  await adult?.close();
  await regression?.close();
  await keyed?.close();
  ctx?.data.close();
});

describe('GET /openapi.json', () => {
  it.each(['adult', 'regression', 'keyed'])('is valid OpenAPI 3.1 for the %s model', async (which) => {
    const server = { adult, regression, keyed }[which]!;
    const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: { 'x-api-key': KEY } })).json()) as Record<string, unknown>;
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route the server answers, and with a key, how to send it (health checks open)', async () => {
    const doc = (await (await fetch(`${keyed.url}/openapi.json`, { headers: { 'x-api-key': KEY } })).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      security: unknown[];
      components: { securitySchemes: Record<string, unknown> };
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'POST /predict',
        'GET /v2/health/live',
        'GET /v2/health/ready',
        'GET /v2/models/adult',
        'GET /v2/models/adult/ready',
        'POST /v2/models/adult/infer',
        'GET /metrics',
        'GET /docs',
        'POST /mcp',
      ].sort(),
    );
    expect(doc.security).toEqual([{ bearer: [] }, { apiKeyHeader: [] }]);
    expect(doc.components.securitySchemes.apiKeyHeader).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.paths['/v2/health/ready'].get.security).toEqual([]);
    // What the document says holds: the health check answers without the key, /metrics does not.
    expect((await fetch(`${keyed.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${keyed.url}/metrics`)).status).toBe(401);
  });
});

describe('GET /docs', () => {
  it('is one HTML page with no script and no remote content, under a CSP that allows only its own style', async () => {
    const res = await fetch(`${adult.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });

  it('lists every input column of the package with its type, and the routes', async () => {
    const html = await (await fetch(`${adult.url}/docs`)).text();
    // The adult columns but income; the six numeric ones as the CSV header of adult-test.csv has them.
    for (const c of ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'])
      expect(html).toContain(`<tr><td><code>${c}</code></td><td>number</td>`);
    for (const c of ['workclass', 'education', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'native-country'])
      expect(html).toContain(`<tr><td><code>${c}</code></td><td>text</td>`);
    expect(html).not.toContain('<code>income</code></td>');
    for (const r of ['POST /predict', 'POST /v2/models/{name}/infer', 'POST /mcp', 'GET /metrics', 'GET /openapi.json']) expect(html).toContain(r);
  });

  it('its curl examples, run by curl, are answered 200; the JSON one as POST /predict answers the same row', async () => {
    const html = await (await fetch(`${adult.url}/docs`)).text();
    const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    const commands = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => unescape(m[1]));
    expect(commands).toHaveLength(6);
    const run = promisify(execFile);
    const outputs: string[] = [];
    for (const command of commands) outputs.push((await run('bash', ['-c', `${command} -o /dev/stderr -w '%{http_code}' 2>/dev/null`])).stdout);
    expect(outputs).toEqual(['200', '200', '200', '200', '200', '200']);
    const jsonBody = (await run('bash', ['-c', commands[0]])).stdout;
    const csvBody = (await run('bash', ['-c', commands[1]])).stdout;
    const row = (JSON.parse(/-d '(.*)' http/.exec(commands[0])![1]) as { rows: AdultRow[] }).rows;
    const direct = await fetch(`${adult.url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ rows: row }),
      headers: { 'content-type': 'application/json' },
    });
    const expected = ((await direct.json()) as { predictions: unknown[] }).predictions;
    expect((JSON.parse(jsonBody) as { predictions: unknown[] }).predictions).toEqual(expected);
    expect((JSON.parse(csvBody) as { predictions: unknown[] }).predictions).toEqual(expected);
  });
});
