/**
 * ModelSlot's leases, on a real fastify app with stand-in models (no ONNX needed): a request keeps
 * the version it started on through a swap, to its last hook, and that version closes only after it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSlot, type LoadedModel } from './model-slot.js';
import type { RowScorer } from './score-rows.js';
import type { ServedModel } from './served-model.js';

/** A model of version `version` whose scoring waits until `release()` (in call order). */
function standIn(version: string) {
  const waiting: (() => void)[] = [];
  const scorer = {
    requests: { js: 0, sql: 0 },
    score: async () => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return [{ prediction: `v${version}` }];
    },
  } as unknown as RowScorer;
  const model: LoadedModel = { served: { name: 'm', version } as ServedModel, scorer };
  return { model, release: () => waiting.shift()?.(), waiting };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Resolves when `event` has happened `n` times (the test's hooks call `hit`). */
function counter() {
  const counts = new Map<string, number>();
  const waits: { event: string; n: number; done: () => void }[] = [];
  return {
    hit(event: string) {
      counts.set(event, (counts.get(event) ?? 0) + 1);
      for (const w of waits.filter((w) => (counts.get(w.event) ?? 0) >= w.n)) {
        waits.splice(waits.indexOf(w), 1);
        w.done();
      }
    },
    when: (event: string, n = 1) => new Promise<void>((done) => ((counts.get(event) ?? 0) >= n ? done() : waits.push({ event, n, done }))),
  };
}

describe('ModelSlot', () => {
  it('answers a request with the version it started on, through a swap, and closes that version after it', async () => {
    const v1 = standIn('1');
    const v2 = standIn('2');
    const closed: string[] = [];
    const events = counter();
    const slot = new ModelSlot(v1.model, {
      load: async () => v2.model,
      close: async (m) => void closed.push(m.served.version),
    });
    app = Fastify();
    slot.attach(app);
    const loggedVersion = new Map<string, string>();
    // Registered after the slot's hooks, as the prediction log's is: it must still see the request's version.
    app.addHook('onResponse', (request, _reply, done) => {
      loggedVersion.set(request.headers['x-name'] as string, slot.modelOf(request).served.version);
      done();
    });
    app.get('/p', async (request) => {
      const { served, scorer } = slot.modelOf(request);
      events.hit('scoring');
      const [p] = await scorer.score([], 1);
      return { version: served.version, prediction: p.prediction };
    });
    await app.ready();

    const first = app.inject({ method: 'GET', url: '/p', headers: { 'x-name': 'first' } });
    await events.when('scoring');
    const swapped = slot.swap('/v2');
    const second = app.inject({ method: 'GET', url: '/p', headers: { 'x-name': 'second' } });
    await events.when('scoring', 2);
    expect(v2.waiting).toHaveLength(1);
    expect(v1.waiting).toHaveLength(1);
    expect(closed).toEqual([]);

    v2.release();
    expect((await second).json()).toEqual({ version: '2', prediction: 'v2' });
    expect(closed).toEqual([]);
    v1.release();
    expect((await first).json()).toEqual({ version: '1', prediction: 'v1' });
    expect(await swapped).toEqual({ model: 'm', version: '2', previous: '1' });
    expect(closed).toEqual(['1']);
    expect(Object.fromEntries(loggedVersion)).toEqual({ first: '1', second: '2' });
    // Outside any request the views read the current version.
    expect(slot.served.version).toBe('2');
    expect(slot.modelOf({} as never).served.version).toBe('2');
  });

  it('keeps a version open while a scoring call outlives its request', async () => {
    const v1 = standIn('1');
    const v2 = standIn('2');
    const closed: string[] = [];
    const slot = new ModelSlot(v1.model, { load: async () => v2.model, close: async (m) => void closed.push(m.served.version) });
    const switched = new Promise<string>((resolve) => slot.attach(Fastify(), (served) => resolve(served.version)));
    const scoring = slot.scorer.score([], 1);
    const swapped = slot.swap('/v2');
    expect(await switched).toBe('2');
    expect(slot.scorer.requests).toBe(v2.model.scorer.requests);
    expect(closed).toEqual([]);
    v1.release();
    expect(await scoring).toEqual([{ prediction: 'v1' }]);
    await swapped;
    expect(closed).toEqual(['1']);
  });
});
