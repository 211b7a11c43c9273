/**
 * The fastify app serving a prompt package: POST /predict renders each row into the packaged
 * variant, calls the provider, parses and answers; /openapi.json describes the placeholders as the
 * inputs; /metrics, the v2 health checks, and the prediction log (each call's rendered prompt,
 * reply, validity, tokens, cost and latency) as for a trained model.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { badRequest, DEFAULT_BODY_LIMIT, keyMatches, logHead, openLog, parseCsv, type AppOptions } from './app.js';
import { createMetrics } from './metrics.js';
import { answerRows, ProviderRefused, type LoggedAnswer } from './prompt-calls.js';
import { promptOpenApi } from './prompt-openapi.js';
import type { ServedPrompt } from './prompt-served.js';
import { noteIO, notedIO } from './prediction-log.js';
import { rowsOfJson, type FieldError } from './validate-rows.js';

export type PromptAppOptions = Omit<AppOptions, 'slot'>;

/** Each row must bring every placeholder (null renders as empty text); values are text, numbers or booleans. */
export function checkPromptRows(placeholders: readonly string[], rows: readonly unknown[]): { rows: Record<string, unknown>[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  rows.forEach((row, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      errors.push({ field: `rows[${i}]`, message: 'each row must be an object of placeholder values.' });
      return;
    }
    for (const p of placeholders) {
      const v = (row as Record<string, unknown>)[p];
      if (v === undefined) errors.push({ field: p, message: `row ${i} lacks "${p}" ({{${p}}} in the template); send it (null for empty).` });
      else if (v !== null && typeof v === 'object') errors.push({ field: p, message: `row ${i}: "${p}" must be text, a number or a boolean.` });
    }
  });
  return errors.length ? { errors } : { rows: rows as Record<string, unknown>[] };
}

const answerOf = ({ prompt: _prompt, ...answer }: LoggedAnswer) => answer;

export function buildPromptApp(served: ServedPrompt, options: PromptAppOptions = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, genReqId: () => randomUUID() });
  const metrics = createMetrics(served);
  const placeholders = served.prompt.placeholders;
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    if (!options.apiKey || request.url.startsWith('/v2/health/') || request.url.startsWith('/admin/')) return;
    if (!keyMatches(request, options.apiKey))
      await reply.code(401).send({ error: 'unauthorized', message: 'send the API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".' });
  });
  const log = options.logDir ? openLog(app, options.logDir, options.logOptions, metrics.logErrors) : undefined;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    if (log && route === '/predict') {
      const latency = Math.round(reply.elapsedTime * 1000) / 1000;
      log.pushNoted({ kind: 'prompt', ...logHead(served, request.id, route, reply.statusCode, latency) }, notedIO(request));
    }
    metrics.requests.inc({ route, status });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) metrics.errors.inc({ route, status });
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error(err);
    return reply.code(status).send({ error: err.code ?? 'error', message: err.message });
  });

  app.post('/predict', async (request, reply) => {
    const csv = typeof request.body === 'string';
    const parsed = csv
      ? parseCsv(
          request.body as string,
          placeholders.map((name) => ({ name })),
        )
      : rowsOfJson(request.body);
    if ('errors' in parsed) return badRequest(reply, parsed.errors);
    noteIO(request, parsed.rows, []);
    const checked = checkPromptRows(placeholders, parsed.rows);
    if ('errors' in checked) return badRequest(reply, checked.errors);
    // A caller that hangs up stops the provider calls still running for it.
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    let answers: LoggedAnswer[];
    try {
      answers = await answerRows(served, checked.rows, abort.signal);
    } catch (err) {
      if (err instanceof ProviderRefused) return reply.code(502).send({ error: 'provider refused', message: err.message });
      throw err;
    }
    noteIO(request, checked.rows, answers);
    metrics.rowsScored.inc(answers.length);
    return { model: served.name, version: served.version, request_id: request.id, predictions: answers.map(answerOf) };
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get('/openapi.json', async () => promptOpenApi(served, { apiKey: Boolean(options.apiKey) }));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async () => ({ ready: true }));
  if (options.adminToken)
    // The service manager swaps trained models in place; a prompt is served by a fresh server instead (409: "a new service").
    app.post('/admin/load', async (_request, reply) =>
      reply.code(409).send({ error: 'another model', message: 'a prompt server does not swap versions in place; deploy the new version as a new service.' }),
    );
  return app;
}
