/**
 * The Open Inference Protocol v2 (KServe, Seldon MLServer, Triton) over REST: health, model
 * metadata and readiness, and infer with one named input per raw column (BYTES for text, FP64 for
 * numbers). Outputs: `predicted_<target>` and, for a classifier, `probabilities` ([rows, classes],
 * classes in `parameters.labels`), the same numbers as POST /predict.
 */
import type { FastifyInstance } from 'fastify';
import { noteIO } from './prediction-log.js';
import type { ModelOf } from './model-slot.js';
import type { ServedModel } from './served-model.js';
import { checkRows, type FieldError } from './validate-rows.js';

interface V2Input {
  name?: unknown;
  shape?: unknown;
  datatype?: unknown;
  data?: unknown;
}

const v2Type = (type: 'number' | 'text') => (type === 'number' ? 'FP64' : 'BYTES');

/** The request's inputs as rows, or one error per wrong input. */
function rowsOfInfer(served: ServedModel, body: unknown): { rows: Record<string, unknown>[] } | { errors: FieldError[] } {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs)) return { errors: [{ field: 'inputs', message: 'the body must be {"inputs": [{"name", "shape", "datatype", "data"}, ...]}.' }] };
  const byName = new Map((inputs as V2Input[]).map((i) => [i?.name, i]));
  const errors: FieldError[] = [];
  let rows = -1;
  for (const col of served.inputs) {
    const input = byName.get(col.name);
    if (!input) {
      errors.push({ field: col.name, message: `input "${col.name}" is missing; send it with datatype ${v2Type(col.type)}.` });
      continue;
    }
    if (input.datatype !== v2Type(col.type))
      errors.push({ field: col.name, message: `input "${col.name}" must have datatype ${v2Type(col.type)}, not ${JSON.stringify(input.datatype)}.` });
    const data = Array.isArray(input.data) ? input.data.flat() : undefined;
    const shape = Array.isArray(input.shape) ? input.shape : [];
    if (!data || shape[0] !== data.length) {
      errors.push({ field: col.name, message: `input "${col.name}" needs "data" as a list of shape [rows] (its shape says ${JSON.stringify(input.shape)}).` });
    } else if (rows === -1) rows = data.length;
    else if (rows !== data.length)
      errors.push({ field: col.name, message: `input "${col.name}" has ${data.length} values where the first input has ${rows}.` });
  }
  if (errors.length) return { errors };
  const columns = served.inputs.map((c) => (byName.get(c.name)!.data as unknown[]).flat());
  return { rows: Array.from({ length: Math.max(rows, 0) }, (_, r) => Object.fromEntries(served.inputs.map((c, j) => [c.name, columns[j][r]]))) };
}

/** The model's metadata (GET /v2/models/<name>). */
const metadata = (served: ServedModel) => ({
  name: served.name,
  versions: [served.version],
  platform: 'onnxruntime',
  inputs: served.inputs.map((c) => ({ name: c.name, datatype: v2Type(c.type), shape: [-1] })),
  outputs: [
    { name: `predicted_${served.target}`, datatype: served.task === 'classification' ? 'BYTES' : 'FP64', shape: [-1] },
    ...(served.task === 'classification' ? [{ name: 'probabilities', datatype: 'FP64', shape: [-1, served.labels.length] }] : []),
  ],
});

/** `name` is the path's: a slot swaps versions of one model only. */
export function registerV2Routes(app: FastifyInstance, name: string, modelOf: ModelOf, onScored: (rows: number) => void): void {
  const modelPath = `/v2/models/${name}`;
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async () => ({ ready: true }));
  app.get('/v2', async () => ({ name: 'lifecycle-studio-model-server', version: '1', extensions: [] }));
  app.get(modelPath, async (request) => metadata(modelOf(request).served));
  app.get(`${modelPath}/ready`, async () => ({ name, ready: true }));
  app.post(`${modelPath}/infer`, async (request, reply) => {
    const { served, scorer } = modelOf(request);
    const parsed = rowsOfInfer(served, request.body);
    const checked = 'errors' in parsed ? parsed : checkRows(served.inputs, parsed.rows, 'json');
    if ('errors' in checked) return reply.code(400).send({ error: checked.errors.map((e) => e.message).join(' '), errors: checked.errors });
    const rows = (parsed as { rows: unknown[] }).rows.length;
    const predictions = await scorer.score(checked.columns, rows);
    onScored(rows);
    noteIO(request, (parsed as { rows: unknown[] }).rows, predictions);
    const id = (request.body as { id?: unknown }).id;
    const outputs: unknown[] = [
      {
        name: `predicted_${served.target}`,
        shape: [rows],
        datatype: served.task === 'classification' ? 'BYTES' : 'FP64',
        data: predictions.map((p) => p.prediction),
      },
    ];
    if (served.task === 'classification') {
      outputs.push({
        name: 'probabilities',
        shape: [rows, served.labels.length],
        datatype: 'FP64',
        parameters: { labels: served.labels },
        data: predictions.flatMap((p) => served.labels.map((l) => p.probabilities![l])),
      });
    }
    return { model_name: served.name, model_version: served.version, id: typeof id === 'string' ? id : request.id, outputs };
  });
}
