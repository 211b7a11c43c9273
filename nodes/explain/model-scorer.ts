/**
 * One way to score any model the app can score on a table of RAW rows: a model of ours (Train's
 * package, a registered version, an older model folder) through the Score node's path (recipe
 * replayed in SQL by `prepareForScoring`, then `scoreTable`), a premade ONNX model alone or under
 * a custom head through its column mapping (`scorePremadeRows`, as the model server does), a bare
 * ONNX file through its listed features. Explain perturbs raw columns and scores again many times,
 * so the ONNX session stays open between calls.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { scorePremadeRows } from '../../engine/models/head/premade-rows.js';
import { premadeRawColumns } from '../../engine/models/head/premade-recipe.js';
import { sourceColumn } from '../../engine/models/list-features.js';
import type { ModelRecipe } from '../../engine/models/model-recipe.js';
import { ONNX_FILE } from '../../engine/models/onnx/onnx-export.js';
import { openOnnxSession, type OnnxSession } from '../../engine/models/onnx/onnx-score.js';
import { openModel } from '../../engine/models/package/open-model.js';
import type { RecipeStep } from '../../engine/models/recipe-steps.js';
import { scoreTable } from '../../engine/models/score-table.js';
import { missingSourceColumns, prepareForScoring, withoutColumn } from '../../engine/models/scoring-input.js';
import { MODEL_JSON } from '../../engine/models/tf-io.js';
import { NodeError } from '../../engine/node-run.js';
import type { ModelValue } from '../../engine/values.js';

export interface Scored {
  /** Row-major: class probabilities in `labels` order, or one predicted value. */
  outputs: Float32Array;
  width: number;
  rows: number;
}

export interface ModelScorer {
  task: 'classification' | 'regression';
  target: string;
  labels: string[];
  /** The raw columns a row brings to the model, in the model's order. */
  rawColumns: string[];
  /** Raw columns a row must not leave empty (a premade model cannot score without them). */
  required: string[];
  recipe?: ModelRecipe;
  /** A network of ours that TensorFlow.js can differentiate (model.json beside the recipe, no premade graph). */
  differentiable: boolean;
  score(table: string): Promise<Scored>;
  close(): Promise<void>;
}

/** The raw column each encoded feature comes from: a one-hot output goes back to its text column, a rename is undone. */
export function rawSourceOf(feature: string, steps: readonly RecipeStep[]): string {
  let name = feature;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.op === 'one-hot' && (s.outputs.includes(name) || s.otherOutput === name)) name = s.column;
    else if (s.op === 'rename' && s.to === name) name = s.column;
  }
  return name;
}

/** Raw columns of a model of ours: those its recipe starts from, then the encoded features no step makes. */
function ourRawColumns(recipe: ModelRecipe): string[] {
  const steps = withoutColumn(recipe.steps, recipe.encoding.target.name);
  return missingSourceColumns([...steps, { op: 'select', columns: [...new Set(recipe.encoding.features.map(sourceColumn))] }], []);
}

let serial = 0;

async function premadeScorer(data: DataPlane, model: ModelValue, recipe: ModelRecipe): Promise<ModelScorer> {
  const premade = recipe.premade!;
  const file = premade.head || !existsSync(join(model.dir, premade.spec.onnxFile)) ? ONNX_FILE : premade.spec.onnxFile;
  const session = await openOnnxSession(join(model.dir, file));
  const target = recipe.encoding.target;
  return {
    task: target.task,
    target: target.name,
    labels: target.labels ?? [],
    rawColumns: premadeRawColumns(recipe, premade).map((c) => c.name),
    required: premade.spec.inputs.flatMap((i) => i.columns).filter((c) => !(c in premade.spec.missing.fills)),
    recipe,
    differentiable: false,
    score: (table) => scorePremadeRows(data, session, recipe, premade, table),
    close: () => session.release(),
  };
}

async function ourScorer(data: DataPlane, model: ModelValue, recipe: ModelRecipe | undefined, signal: AbortSignal): Promise<ModelScorer> {
  const onnxPath = join(model.dir, ONNX_FILE);
  const session: OnnxSession | undefined = existsSync(onnxPath) ? await openOnnxSession(onnxPath) : undefined;
  const target = recipe?.encoding.target;
  const labels = target?.labels ?? model.labels ?? [];
  const task = target?.task ?? (model.task === 'regression' || !labels.length ? 'regression' : 'classification');
  const score = async (table: string): Promise<Scored> => {
    const prepared = `${table}__prepared_${++serial}`;
    const input = await prepareForScoring(data, model, recipe, await data.describe(table), prepared);
    try {
      const r = await scoreTable(data, model, recipe, await data.describe(input.table), {
        runtime: session ? 'onnx' : 'tfjs',
        batchSize: 8192,
        signal,
        onProgress: () => undefined,
        session: recipe ? session : undefined,
      });
      return { outputs: r.outputs, width: r.width, rows: r.rows };
    } finally {
      if (input.table !== table) await data.dropTable(input.table);
    }
  };
  return {
    task,
    target: target?.name ?? model.target ?? 'prediction',
    labels,
    rawColumns: recipe ? ourRawColumns(recipe) : (model.features ?? []).map((f) => f.name),
    required: [],
    recipe,
    differentiable: !!recipe && existsSync(join(model.dir, MODEL_JSON)),
    score,
    close: async () => {
      await session?.release();
    },
  };
}

/**
 * @example
 * const scorer = await openModelScorer(ctx.data, inputs.model, ctx.signal);
 * try { const { outputs, width } = await scorer.score('rows'); } finally { await scorer.close(); }
 */
export async function openModelScorer(data: DataPlane, model: ModelValue, signal: AbortSignal): Promise<ModelScorer> {
  if (model.format === 'llm')
    throw new NodeError('NODE_FAILED', 'a language model has no features to explain', 'Connect a trained, premade or registered model.');
  const opened = await openModel(model.dir).catch((err: unknown) => {
    throw new NodeError('NODE_FAILED', `cannot read the model on input "model": ${(err as Error).message}`, 'Run the node that made the model again.');
  });
  const recipe = opened.recipe;
  if (recipe?.premade) return premadeScorer(data, model, recipe);
  if (model.format === 'onnx-premade')
    throw new NodeError('NODE_FAILED', `the premade model in ${model.dir} has no recipe.json with its column mapping`, 'Run the Premade model node again.');
  return ourScorer(data, model, recipe, signal);
}

/** SQL keeping the rows every required column fills. */
export const completeRowsWhere = (required: readonly string[]) =>
  required.length ? ` WHERE ${required.map((c) => `${ident(c)} IS NOT NULL`).join(' AND ')}` : '';
