/**
 * The fastify app serving one model: POST /predict (JSON or CSV rows), the Open Inference Protocol
 * v2 routes, GET /metrics and GET /openapi.json. A bad request gets a 4xx naming what is wrong, never a 500.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerDocsPage } from './docs-page.js';
import { registerMcpRoute } from './mcp.js';
import { createMetrics } from './metrics.js';
import { attachSlot } from './slot-hook.js';
import type { ModelOf, ModelSlot, RequestModel } from './model-slot.js';
import { openApiDocument } from './openapi.js';
import { notedIO, PredictionLog, type PredictionLogOptions } from './prediction-log.js';
import { registerPredictRoute } from './predict-route.js';
import type { RowScorer } from './score-rows.js';
import type { ServedModel } from './served-model.js';
import { registerV2Routes } from './v2-routes.js';
export { badRequest, parseCsv } from './predict-route.js';

export interface AppOptions {
  /** When set, every route but the health checks needs `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
  apiKey?: string;
  /** Largest request body in bytes (413 beyond it). */
  bodyLimit?: number;
  /** Folder of the prediction log (predictions.jsonl); no log without it. */
  logDir?: string;
  /** Tuning of the prediction log: size limit, batch size, interval, append function. */
  logOptions?: Omit<PredictionLogOptions, 'dir' | 'onError'>;
  /** Swappable model (server/model-slot.ts): binds each request to one version; with `adminToken`, `POST /admin/load` swaps it. */
  slot?: ModelSlot;
  adminToken?: string;
}

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export function keyMatches(request: FastifyRequest, key: string): boolean {
  const auth = request.headers.authorization;
  const given = auth?.startsWith('Bearer ') ? auth.slice(7) : request.headers['x-api-key'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** @example const app = buildApp(served, scorer, { apiKey: process.env.MODEL_KEY }); await app.listen({ host: '127.0.0.1', port: 8080 }); */
export function buildApp(served: ServedModel, scorer: RowScorer, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, genReqId: () => randomUUID() });
  const metrics = createMetrics(served);
  const fixed: RequestModel = { served, scorer };
  const modelOf: ModelOf = options.slot ? options.slot.modelOf : () => fixed;
  // Only JSON and CSV: fastify's text/plain parser would let any text through as CSV.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Callback hooks, not async ones: an async hook costs every request a promise and a turn of the microtask queue.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // /admin/ checks its own token (admin-routes.ts).
    if (!options.apiKey || request.url.startsWith('/v2/health/') || request.url.startsWith('/admin/') || keyMatches(request, options.apiKey)) return done();
    void reply.code(401).send({ error: 'unauthorized', message: 'send the API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".' });
  });
  if (options.slot) attachSlot(app, options.slot, metrics, options.adminToken);
  const log = options.logDir ? openLog(app, options.logDir, options.logOptions, metrics.logErrors) : undefined;
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    if (log && (route === '/predict' || route.endsWith('/infer'))) {
      const latency = Math.round(reply.elapsedTime * 1000) / 1000;
      log.pushNoted(logHead(modelOf(request).served, request.id, route, reply.statusCode, latency), notedIO(request));
    }
    metrics.requests.inc({ route, status });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) metrics.errors.inc({ route, status });
    done();
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error(err);
    return reply.code(status).send({ error: err.code ?? 'error', message: err.message });
  });

  registerPredictRoute(app, modelOf, { logging: Boolean(log), onRows: (n) => metrics.rowsScored.inc(n) });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get('/openapi.json', async (request) => openApiDocument(modelOf(request).served, { apiKey: Boolean(options.apiKey) }));
  registerV2Routes(app, served.name, modelOf, (n) => metrics.rowsScored.inc(n));
  registerMcpRoute(app, modelOf, (n) => metrics.rowsScored.inc(n));
  registerDocsPage(app, modelOf, Boolean(options.apiKey));
  return app;
}

export const logHead = (served: { name: string; version: string }, id: string, route: string, status: number, latency: number) => ({
  time: new Date().toISOString(),
  request_id: id,
  model: served.name,
  version: served.version,
  route,
  status,
  latency_ms: latency,
});

/** A write failure never fails a request: it is counted in /metrics and said on stderr (fastify's own logger is off). */
export function openLog(app: FastifyInstance, dir: string, tuning: AppOptions['logOptions'], errors: { inc: () => void }): PredictionLog {
  const log = new PredictionLog({
    ...tuning,
    dir,
    onError: (err, lost) => {
      errors.inc();
      process.stderr.write(`Prediction log: cannot write ${lost} record(s) to ${dir}: ${err.message}. Check that the folder exists and is writable.\n`);
    },
  });
  app.addHook('onClose', async () => {
    await log.close();
  });
  return log;
}
