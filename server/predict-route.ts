/**
 * POST /predict: JSON `{"rows": [...]}` or CSV rows in, one prediction per row out. The server's hot
 * path (bench/README.md, "model-server"): the rows are checked and encoded before the ONNX run is
 * awaited and the parsed body is let go at once, so that bodies waiting on a batch are not carried
 * through young-generation collections (with ten 1,000-row bodies in flight, GC was 17% of the
 * server's time); the answer is written from the output matrix, with no prediction objects.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Papa from 'papaparse';
import { writeOutputs } from './predict-json.js';
import { noteJson } from './prediction-log.js';
import type { ModelOf, Scoring } from './model-slot.js';
import type { ScoredOutputs } from './score-rows.js';
import type { InputColumn, ServedModel } from './served-model.js';
import { checkRows, rowsOfJson, type FieldError } from './validate-rows.js';

export interface PredictRouteOptions {
  /** Note each request's rows and predictions as JSON for the prediction log (only when there is one). */
  logging: boolean;
  onRows: (n: number) => void;
}

/** @example registerPredictRoute(app, () => ({ served, scorer }), { logging: Boolean(log), onRows: (n) => metrics.rowsScored.inc(n) }); */
export function registerPredictRoute(app: FastifyInstance, modelOf: ModelOf, options: PredictRouteOptions): void {
  app.post('/predict', async (request, reply) => {
    const { served, scorer } = modelOf(request);
    const started = startScoring(request, served, scorer, options.logging);
    if ('errors' in started) return badRequest(reply, started.errors);
    const scored = await started.scoring;
    options.onRows(scored.rows);
    const { answer, predictions } = writeOutputs(served, request.id, scored);
    if (options.logging) noteJson(request, scored.rows, started.inputs, predictions);
    return reply.type('application/json; charset=utf-8').send(answer);
  });
}

/** Reads, checks and (on the JS path) encodes the request's rows; nothing of the body outlives this call but the log's copy. */
function startScoring(
  request: FastifyRequest,
  served: ServedModel,
  scorer: Scoring,
  logging: boolean,
): { errors: FieldError[] } | { inputs: string; scoring: Promise<ScoredOutputs> } {
  const csv = typeof request.body === 'string';
  const parsed = csv ? parseCsv(request.body as string, served.inputs) : rowsOfJson(request.body);
  if ('errors' in parsed) return parsed;
  request.body = undefined;
  const { rows } = parsed;
  // The log's record of the rows, written now so that the rows can go (a refused or failed request is logged with them too).
  const inputs = logging ? JSON.stringify(rows) : '';
  if (logging) noteJson(request, rows.length, inputs, '[]');
  const checked = checkRows(served.inputs, rows, csv ? 'csv' : 'json');
  if ('errors' in checked) return checked;
  return { inputs, scoring: scorer.scoreOutputs(checked.columns, rows.length) };
}

export const badRequest = (reply: FastifyReply, errors: FieldError[]) => reply.code(400).send({ error: 'bad request', errors });

/** CSV rows by header name; a header without an input column is one error per column, even with no rows below it. */
export function parseCsv(text: string, inputs: readonly Pick<InputColumn, 'name'>[]): { rows: unknown[] } | { errors: FieldError[] } {
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const fatal = result.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) return { errors: [{ field: `csv row ${(fatal.row ?? 0) + 1}`, message: `the CSV body cannot be read: ${fatal.message}.` }] };
  const header = new Set(result.meta.fields ?? []);
  const missing = inputs.filter((c) => !header.has(c.name));
  if (missing.length)
    return { errors: missing.map((c) => ({ field: c.name, message: `the CSV header lacks column "${c.name}"; add it (an empty cell is a missing value).` })) };
  return { rows: result.data };
}
