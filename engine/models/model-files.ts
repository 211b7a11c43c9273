/**
 * The files of a trained model folder besides the network itself, and the one place that reads
 * and writes them: the model's recipe in two parts, `recipe.json` (the prepare steps the training
 * table went through, `RecipeStep[]`) and `preprocessing.json` (the encoding Train fitted on its
 * feature columns), both validated on reading; and `training.json` (what was trained, on what,
 * with which result).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { EpochPoint } from './fit.js';
import type { PreprocessingSpec } from './preprocessing.js';
import { describeSpecPath, preprocessingSpecSchema } from './preprocessing-schema.js';
import { parseRecipeSteps, RecipeError, type RecipeStep } from './recipe-steps.js';

export const PREPROCESSING_JSON = 'preprocessing.json';
export const TRAINING_JSON = 'training.json';
/** The prepare steps (Clean, Encode/scale ...) the training table had been through, replayable on raw rows. */
export const RECIPE_JSON = 'recipe.json';

/** `recipe.json`: the training input's `TableValue.fitted`, in order (empty when it had none). */
export interface ModelRecipe {
  format: 'lifecycle-studio.recipe';
  steps: RecipeStep[];
}

export interface TrainingSummary {
  format: 'lifecycle-studio.training';
  trainedAt: string;
  backend: string;
  tfjsVersion: string;
  params: Record<string, unknown>;
  task: 'classification' | 'regression';
  data: { train: { rows: number; fingerprint: string; table: string }; validation?: { rows: number; fingerprint: string; table: string } };
  layers: string[];
  parameterCount: number;
  history: EpochPoint[];
  epochsRun: number;
  stoppedEarly: boolean;
  bestEpoch: number;
  durationMs: number;
  /** Largest |tfjs - onnxruntime| output difference on the rows checked after export. */
  onnxParity?: { rows: number; maxAbsDiff: number };
}

/** Writes a JSON file atomically, pretty-printed so it reads well in a diff. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the ${what} at ${path}: ${(err as Error).message}`);
  }
}

/**
 * The fitted encoding, checked against its schema: a file that fails names itself and the feature.
 *
 * @example
 * const spec = await readPreprocessing(model.dir);
 */
export async function readPreprocessing(dir: string): Promise<PreprocessingSpec> {
  const path = join(dir, PREPROCESSING_JSON);
  const value = await readJson(path, 'preprocessing spec');
  if ((value as { format?: unknown } | null)?.format !== 'lifecycle-studio.preprocessing')
    throw new RecipeError(`${path} is not a Lifecycle Studio preprocessing spec`);
  const parsed = preprocessingSpecSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describeSpecPath(value, issue.path)}: ${issue.message}`).join('; ');
    throw new RecipeError(`${path} is malformed: ${problems}. Retrain the model to rewrite it.`);
  }
  return parsed.data;
}

export async function writePreprocessing(dir: string, spec: PreprocessingSpec): Promise<void> {
  await writeJsonAtomic(join(dir, PREPROCESSING_JSON), spec);
}

/** The training summary, or undefined for models trained elsewhere (a user's ONNX file). */
export async function readTrainingSummary(dir: string): Promise<TrainingSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, TRAINING_JSON), 'utf8')) as TrainingSummary;
  } catch {
    return undefined;
  }
}

/**
 * The saved prepare recipe, each step checked (`parseRecipeSteps`); an empty list for models
 * trained before recipes were saved, or on a table no prepare node touched.
 *
 * @example
 * const steps = await readRecipe(model.dir);
 */
export async function readRecipe(dir: string): Promise<RecipeStep[]> {
  const path = join(dir, RECIPE_JSON);
  if (!existsSync(path)) return [];
  const recipe = await readJson(path, 'preparation recipe');
  if ((recipe as { format?: unknown } | null)?.format !== 'lifecycle-studio.recipe') throw new RecipeError(`${path} is not a Lifecycle Studio recipe`);
  return parseRecipeSteps((recipe as { steps?: unknown }).steps, path);
}

export async function writeRecipe(dir: string, steps: readonly RecipeStep[]): Promise<void> {
  const recipe: ModelRecipe = { format: 'lifecycle-studio.recipe', steps: [...steps] };
  await writeJsonAtomic(join(dir, RECIPE_JSON), recipe);
}
