/**
 * The "try it" requests through `handleRequest` on a real model server: the input schema of the
 * served package, a prediction posted by the host (counted by the server's /metrics like any other
 * request), a refusal passed back with its status, and a stopped service refused by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceMetrics, ServiceTryAnswer } from '../../engine/services.js';
import { openServiceKit } from './testing/service-kit.js';
import { ServiceManager } from './services/service-manager.js';

let kit: Awaited<ReturnType<typeof openServiceKit>>;
let trained: Awaited<ReturnType<typeof openServiceKit>>['trained'];
let workspace: string;

beforeAll(async () => {
  kit = await openServiceKit('service-try', { TRY_IT_KEY: 'key-from-the-environment' });
  ({ trained, workspace } = kit);
}, 600_000);
afterAll(() => kit?.close());

const ask = (method: string, ...args: unknown[]) => kit.ask(method, ...args);

describe('try a service from the window', () => {
  it('gives the input schema, posts rows to /predict from the host, and refuses a stopped service', async () => {
    const deployed = await new ServiceManager({ workspaceDir: workspace }).deploy({
      owner: 'doc/deploy',
      modelDir: trained.dir,
      host: '127.0.0.1',
      port: 0,
      keepRunning: false,
    });

    // The raw inputs of penguins.csv (its header, species being the target).
    const schema = (await ask('serviceInputSchema', deployed.serviceId)) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual(['bill_depth_mm', 'bill_length_mm', 'body_mass_g', 'flipper_length_mm', 'island', 'sex']);

    const answer = (await ask('tryService', deployed.serviceId, trained.rows.slice(0, 2))) as ServiceTryAnswer;
    expect(answer.status).toBe(200);
    const body = answer.body as { version: string; predictions: { prediction: string; probabilities: Record<string, number> }[] };
    expect(body.version).toBe(deployed.version);
    expect(body.predictions).toHaveLength(2);
    // The same rows posted straight to the server get the same predictions.
    const direct = (await (
      await fetch(`${deployed.url}/predict`, {
        method: 'POST',
        body: JSON.stringify({ rows: trained.rows.slice(0, 2) }),
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as typeof body;
    expect(body.predictions).toEqual(direct.predictions);
    for (const p of body.predictions) expect(Object.keys(p.probabilities).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);

    const refused = (await ask('tryService', deployed.serviceId, [{ island: 'Biscoe' }])) as ServiceTryAnswer;
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/bill_length_mm/);

    // Counted by the server like any caller's: the try, the direct post, the refusal.
    expect((await ask('serviceMetrics', deployed.serviceId)) as ServiceMetrics).toMatchObject({ requests: 3, errors: 1, rowsScored: 4 });

    await expect(ask('tryService', deployed.serviceId, [])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await ask('stopService', deployed.serviceId)).toBe(true);
    await expect(ask('tryService', deployed.serviceId, trained.rows.slice(0, 1))).rejects.toThrow(/service svc-[\w-]+ is stopped; restart it/);
  }, 600_000);

  it('calls a service started with an API key with that key, which the window never holds', async () => {
    const deployed = await new ServiceManager({ workspaceDir: workspace }).deploy({
      owner: 'doc/keyed',
      modelDir: trained.dir,
      host: '127.0.0.1',
      port: 0,
      keepRunning: false,
      apiKey: { secretName: 'TRY_IT_KEY', value: 'key-from-the-environment' },
    });
    const body = JSON.stringify({ rows: trained.rows.slice(0, 1) });
    const anonymous = await fetch(`${deployed.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    const answer = (await ask('tryService', deployed.serviceId, trained.rows.slice(0, 1))) as ServiceTryAnswer;
    expect(answer.status).toBe(200);
    expect((answer.body as { predictions: unknown[] }).predictions).toHaveLength(1);
  }, 600_000);
});
