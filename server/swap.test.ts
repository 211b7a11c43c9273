/**
 * The zero-failure swap: several clients post /predict in a loop while POST /admin/load swaps
 * version 1 for version 2 of the same model; no request fails, answers switch from 1 to 2, and
 * every request started after the swap answered gets version 2.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelPackage } from '../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { startModelServer } from './start.js';
import { trainPenguins } from './testing/penguins-model.js';

let ctx: FakeContext;
let trained: Awaited<ReturnType<typeof trainPenguins>>;
const TOKEN = 'admin-token-for-the-test';

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'swap' });
  trained = await trainPenguins(ctx.data);
}, 600_000);
afterAll(() => ctx?.data.close());

async function packageVersion(name: string, version: number): Promise<string> {
  const dir = join(ctx.artifactDir, `${name}-${version}`);
  await writeModelPackage(dir, { name, version, modelDir: trained.dir, lineage: { inputs: [], libraries: {}, missing: ['all: written by a test'] } });
  return dir;
}

/** Resolves once `check()` holds, re-checked after each answer. */
function waiter() {
  const pending: { check: () => boolean; done: () => void }[] = [];
  return {
    until: (check: () => boolean) => new Promise<void>((done) => (check() ? done() : pending.push({ check, done }))),
    poke: () => {
      for (const p of [...pending]) {
        if (!p.check()) continue;
        pending.splice(pending.indexOf(p), 1);
        p.done();
      }
    },
  };
}

describe('swap under load', () => {
  it('swaps version 1 for version 2 with zero failed requests among concurrent clients', async () => {
    const v1 = await packageVersion('penguins', 1);
    const v2 = await packageVersion('penguins', 2);
    const server = await startModelServer(v1, { port: 0, adminToken: TOKEN });
    const body = JSON.stringify({ rows: trained.rows });
    const failures: string[] = [];
    const seen = { '1': 0, '2': 0 } as Record<string, number>;
    const late: string[] = [];
    let swapped = false;
    let stop = false;
    const events = waiter();
    const client = async () => {
      while (!stop) {
        const startedAfterSwap = swapped;
        try {
          const res = await fetch(`${server.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
          const answer = (await res.json()) as { version?: string; predictions?: unknown[] };
          if (res.status !== 200 || answer.predictions?.length !== trained.rows.length) failures.push(`${res.status} ${JSON.stringify(answer)}`);
          else {
            seen[answer.version!] = (seen[answer.version!] ?? 0) + 1;
            if (startedAfterSwap && answer.version !== '2') late.push(answer.version!);
          }
        } catch (err) {
          failures.push(String(err));
        }
        events.poke();
      }
    };
    const clients = Array.from({ length: 4 }, client);
    try {
      await events.until(() => seen['1'] >= 20);
      const res = await fetch(`${server.url}/admin/load`, {
        method: 'POST',
        body: JSON.stringify({ packageDir: v2 }),
        headers: { 'content-type': 'application/json', 'x-admin-token': TOKEN },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ model: 'penguins', version: '2', previous: '1' });
      swapped = true;
      const atSwap = seen['2'];
      await events.until(() => seen['2'] >= atSwap + 20);
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);
    expect(seen['1']).toBeGreaterThanOrEqual(20);
    expect(seen['2']).toBeGreaterThanOrEqual(20);
    expect(late).toEqual([]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('model_server_model_info{model="penguins",version="2"} 1');
    expect(metrics).not.toContain('version="1"');
    await server.close();
  }, 600_000);

  it('refuses /admin/load without the token, with another model, and has no admin route without a token', async () => {
    const v1 = await packageVersion('penguins-b', 1);
    const other = await packageVersion('other-model', 2);
    const server = await startModelServer(v1, { port: 0, adminToken: TOKEN, apiKey: 'caller-key' });
    const open = await startModelServer(v1, { port: 0 });
    const load = (url: string, dir: string, token?: string) =>
      fetch(`${url}/admin/load`, {
        method: 'POST',
        body: JSON.stringify({ packageDir: dir }),
        headers: { 'content-type': 'application/json', ...(token ? { 'x-admin-token': token } : {}) },
      });
    try {
      expect((await load(server.url, v1)).status).toBe(401);
      expect((await load(server.url, v1, 'wrong-token-of-same-length!!')).status).toBe(401);
      const refused = await load(server.url, other, TOKEN);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { message: string }).message).toMatch(/holds model "other-model", but this server serves "penguins-b"/);
      // Still serving version 1 after the refusal.
      const meta = (await (await fetch(`${server.url}/v2/models/penguins-b`, { headers: { 'x-api-key': 'caller-key' } })).json()) as { versions: string[] };
      expect(meta.versions).toEqual(['1']);
      expect((await load(open.url, v1, TOKEN)).status).toBe(404);
    } finally {
      await server.close();
      await open.close();
    }
  }, 600_000);
});
