/**
 * The POST /predict answer written as JSON text directly: the same bytes as `JSON.stringify` of
 * `{model, version, request_id, predictions}`, without walking each prediction's object generically
 * (on 1,000-row bodies the generic serialiser was 6% of the server's time). `outputsWriter` writes it
 * straight from the model's output matrix, with no prediction objects in between (they were 2,000
 * short-lived objects per 1,000-row answer, and young-generation garbage was 17% of the server's time).
 */
import { toPredictions, type Prediction, type ScoredOutputs } from './score-rows.js';
import type { ServedModel } from './served-model.js';

/** JSON.stringify of a finite number is its String(); NaN and infinities become null. */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

type Served = Pick<ServedModel, 'name' | 'version' | 'labels'>;
type Writer = (requestId: string, predictions: readonly Prediction[]) => string;

/** The answer, and its `predictions` array alone (the prediction log's `outputs`, written once for both). */
export interface WrittenAnswer {
  answer: string;
  predictions: string;
}
type OutputsWriter = (requestId: string, scored: ScoredOutputs) => WrittenAnswer;

// Keyed by the model's own labels array, not by `served`: a server that swaps versions hands the routes
// one unchanging view of `served` (model-slot.ts), while each loaded version has its own labels array.
const writers = new WeakMap<readonly string[], OutputsWriter>();

const answerHead = (served: Served) => `{"model":${JSON.stringify(served.name)},"version":${JSON.stringify(served.version)},"request_id":`;

/**
 * The keys of the probabilities record toPredictions builds, in the order JSON.stringify writes them
 * (integer-like labels first), each with the output column whose value it ends up holding (the last
 * one of a repeated label, as the record's assignment keeps it).
 */
function probabilityKeys(labels: readonly string[]): { keys: string[]; keyJson: string[]; column: number[] } {
  const record: Record<string, number> = {};
  labels.forEach((label, k) => (record[label] = k));
  const keys = Object.keys(record);
  return { keys, keyJson: keys.map((k) => `${JSON.stringify(k)}:`), column: keys.map((k) => record[k]) };
}

/**
 * @example
 * const write = predictionsWriter(served);
 * reply.type('application/json; charset=utf-8').send(write(request.id, predictions));
 */
export function predictionsWriter(served: Served): Writer {
  const head = answerHead(served);
  const list = predictionsList(served);
  return (requestId, predictions) => `${head}${JSON.stringify(requestId)},"predictions":${list(predictions)}}`;
}

/** The `predictions` array of the answer as JSON text. */
function predictionsList(served: Served): (predictions: readonly Prediction[]) => string {
  const { keys, keyJson } = probabilityKeys(served.labels);
  const labelJson = new Map(served.labels.map((l) => [l, JSON.stringify(l)]));
  const one = (p: Prediction): string => {
    const prediction = typeof p.prediction === 'number' ? num(p.prediction) : (labelJson.get(p.prediction) ?? JSON.stringify(p.prediction));
    if (!p.probabilities) return `{"prediction":${prediction}}`;
    let probabilities = '';
    for (let k = 0; k < keys.length; k++) probabilities += `${k ? ',' : ''}${keyJson[k]}${num(p.probabilities[keys[k]])}`;
    return `{"prediction":${prediction},"probabilities":{${probabilities}}}`;
  };
  return (predictions) => {
    let out = '[';
    for (let i = 0; i < predictions.length; i++) out += (i ? ',' : '') + one(predictions[i]);
    return `${out}]`;
  };
}

/**
 * The answer for `served`'s outputs: the bytes `predictionsWriter` writes for `toPredictions` of the
 * same matrix (predict-json.test.ts checks it). Built once per loaded model.
 *
 * @example
 * const { answer } = writeOutputs(served, request.id, await scorer.scoreOutputs(columns, rows));
 */
export function writeOutputs(served: Served & Pick<ServedModel, 'task'>, requestId: string, scored: ScoredOutputs): WrittenAnswer {
  const key = served.labels;
  let write = writers.get(key);
  if (!write) writers.set(key, (write = outputsWriter(served)));
  return write(requestId, scored);
}

export function outputsWriter(served: Served & Pick<ServedModel, 'task'>): OutputsWriter {
  const head = answerHead(served);
  const labels = served.labels;
  const { keyJson, column } = probabilityKeys(labels);
  const labelJson = labels.map((l) => JSON.stringify(l));
  const classifier = served.task === 'classification';
  const predictions = (outputs: Float32Array, width: number, rows: number): string => {
    let out = '[';
    for (let i = 0, at = 0; i < rows; i++, at += width) {
      if (i) out += ',';
      if (!classifier) {
        out += `{"prediction":${num(outputs[at])}}`;
        continue;
      }
      // The first highest probability, as toPredictions picks it.
      let best = 0;
      for (let k = 1; k < width; k++) if (outputs[at + k] > outputs[at + best]) best = k;
      out += `{"prediction":${labelJson[best]},"probabilities":{`;
      for (let k = 0; k < column.length; k++) out += `${k ? ',' : ''}${keyJson[k]}${num(outputs[at + column[k]])}`;
      out += '}}';
    }
    return `${out}]`;
  };
  const generic = predictionsList(served);
  return (requestId, { outputs, width, rows }) => {
    // A matrix that does not fit the labels (never from a model of ours) goes through the prediction objects, as before.
    const list = !classifier || width === labels.length ? predictions(outputs, width, rows) : generic(toPredictions(served, outputs, width, rows));
    return { answer: `${head}${JSON.stringify(requestId)},"predictions":${list}}`, predictions: list };
  };
}
