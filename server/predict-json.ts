/**
 * The POST /predict answer written as JSON text directly: the same bytes as `JSON.stringify` of
 * `{model, version, request_id, predictions}`, without walking each prediction's object generically
 * (on 1,000-row bodies the generic serialiser was 6% of the server's time).
 */
import type { Prediction } from './score-rows.js';
import type { ServedModel } from './served-model.js';

/** JSON.stringify of a finite number is its String(); NaN and infinities become null. */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

type Served = Pick<ServedModel, 'name' | 'version' | 'labels'>;
type Writer = (requestId: string, predictions: readonly Prediction[]) => string;
// Keyed by the model's own labels array, not by `served`: a server that swaps versions hands the routes
// one unchanging view of `served` (model-slot.ts), while each loaded version has its own labels array.
const writers = new WeakMap<readonly string[], Writer>();

/**
 * The answer for `served` (its writer is built once per served model, so a model swapped in gets its own).
 *
 * @example
 * reply.type('application/json; charset=utf-8').send(writePredictions(served, request.id, predictions));
 */
export function writePredictions(served: Served, requestId: string, predictions: readonly Prediction[]): string {
  const key = served.labels;
  let write = writers.get(key);
  if (!write) writers.set(key, (write = predictionsWriter(served)));
  return write(requestId, predictions);
}

/**
 * @example
 * const write = predictionsWriter(served);
 * reply.type('application/json; charset=utf-8').send(write(request.id, predictions));
 */
export function predictionsWriter(served: Served): Writer {
  const head = `{"model":${JSON.stringify(served.name)},"version":${JSON.stringify(served.version)},"request_id":`;
  // The key order JSON.stringify would use for the probabilities record toPredictions builds (integer-like labels first).
  const keys = Object.keys(Object.fromEntries(served.labels.map((l) => [l, 0])));
  const keyJson = keys.map((k) => `${JSON.stringify(k)}:`);
  const labelJson = new Map(served.labels.map((l) => [l, JSON.stringify(l)]));
  const one = (p: Prediction): string => {
    const prediction = typeof p.prediction === 'number' ? num(p.prediction) : (labelJson.get(p.prediction) ?? JSON.stringify(p.prediction));
    if (!p.probabilities) return `{"prediction":${prediction}}`;
    let probabilities = '';
    for (let k = 0; k < keys.length; k++) probabilities += `${k ? ',' : ''}${keyJson[k]}${num(p.probabilities[keys[k]])}`;
    return `{"prediction":${prediction},"probabilities":{${probabilities}}}`;
  };
  return (requestId, predictions) => {
    let out = `${head}${JSON.stringify(requestId)},"predictions":[`;
    for (let i = 0; i < predictions.length; i++) out += (i ? ',' : '') + one(predictions[i]);
    return `${out}]}`;
  };
}
