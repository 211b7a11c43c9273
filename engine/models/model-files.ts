/**
 * The files of a trained model folder besides the network itself: `preprocessing.json` (the fitted
 * spec every scorer applies) and `training.json` (what was trained, on what, with which result).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { EpochPoint } from './fit.js';
import type { PreprocessingSpec } from './preprocessing.js';
import type { FittedStep } from '../values.js';

export const PREPROCESSING_JSON = 'preprocessing.json';
export const TRAINING_JSON = 'training.json';
/** The prepare steps (Clean, Encode/scale ...) the training table had been through, replayable on raw rows. */
export const RECIPE_JSON = 'recipe.json';

/** `recipe.json`: the training input's `TableValue.fitted`, in order (empty when it had none). */
export interface ModelRecipe {
  format: 'lifecycle-studio.recipe';
  steps: FittedStep[];
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

async function readJson<T>(path: string, what: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot read the ${what} at ${path}: ${(err as Error).message}`);
  }
}

/**
 * @example
 * const spec = await readPreprocessing(model.dir);
 */
export async function readPreprocessing(dir: string): Promise<PreprocessingSpec> {
  const spec = await readJson<PreprocessingSpec>(join(dir, PREPROCESSING_JSON), 'preprocessing spec');
  if (spec.format !== 'lifecycle-studio.preprocessing') throw new Error(`${join(dir, PREPROCESSING_JSON)} is not a Lifecycle Studio preprocessing spec`);
  return spec;
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
 * The saved prepare recipe; an empty list for models trained before recipes were saved, or on a
 * table no prepare node touched.
 *
 * @example
 * const steps = await readRecipe(model.dir);
 */
export async function readRecipe(dir: string): Promise<FittedStep[]> {
  const path = join(dir, RECIPE_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const recipe = JSON.parse(text) as ModelRecipe;
  if (recipe.format !== 'lifecycle-studio.recipe' || !Array.isArray(recipe.steps)) throw new Error(`${path} is not a Lifecycle Studio recipe`);
  return recipe.steps;
}
