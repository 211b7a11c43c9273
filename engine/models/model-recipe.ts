/**
 * A trained model's recipe: everything between a raw row and the network's input, in one typed
 * document with one reader and one writer. It holds the table steps the training input went
 * through (`RecipeStep[]`, what Clean and Encode/scale fitted, replayable in SQL on new rows), then
 * the encoding Train fitted on the feature columns (`FittedEncoding`: imputation, scaling, one-hot
 * vocabularies, the target). Train writes it; Score, the model card and Package model read it.
 *
 * On disk: `recipe.json`, `{ format: 'lifecycle-studio.recipe', version: 2, steps, encoding }`.
 * Model folders written before (version 1) split it in two files, `recipe.json` (steps only, no
 * version) and `preprocessing.json` (the encoding); `readModelRecipe` still reads them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeJsonAtomic } from './model-files.js';
import type { PremadeModelSpec } from '../values.js';
import type { FittedEncoding } from './preprocessing.js';
import { describeSpecPath, fittedEncodingSchema, preprocessingV1Schema } from './preprocessing-schema.js';
import { parseRecipeSteps, RecipeError, type RecipeStep } from './recipe-steps.js';

export const RECIPE_JSON = 'recipe.json';
/** Version 1 only: the encoding, beside a `recipe.json` that held the steps. */
export const PREPROCESSING_V1_JSON = 'preprocessing.json';
/** Every file that may hold a model's recipe: a copy of the model (Package model) takes those present. */
export const MODEL_RECIPE_FILES: readonly string[] = [RECIPE_JSON, PREPROCESSING_V1_JSON];

const RECIPE_FORMAT = 'lifecycle-studio.recipe';
export const RECIPE_VERSION = 2;

export interface ModelRecipe {
  format: typeof RECIPE_FORMAT;
  version: typeof RECIPE_VERSION;
  /** The training input's `TableValue.fitted`, in order (empty when no prepare node touched it). */
  steps: RecipeStep[];
  /** What Train fitted on the feature columns of that table. */
  encoding: FittedEncoding;
  /** A premade ONNX model (alone, or with a custom head): raw rows reach its inputs through this mapping, not the encoding alone. */
  premade?: RecipePremade;
}

/** The premade model's mapping and, for a custom head, which premade output the head reads. */
export interface RecipePremade {
  spec: PremadeModelSpec;
  head?: { featureOutput: string; featureWidth: number };
}

function parsePremade(value: unknown, path: string): RecipePremade | undefined {
  if (value === undefined) return undefined;
  const spec = asObject(asObject(value).spec);
  if (!Array.isArray(spec.inputs) || typeof spec.onnxFile !== 'string') {
    throw new RecipeError(`${path} is malformed: "premade.spec" needs "inputs" and "onnxFile". Run the Premade model node again to rewrite it.`);
  }
  return value as RecipePremade;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new RecipeError(`cannot read the model recipe at ${path}: ${(err as Error).message}`);
  }
}

/** Checks an encoding; a failure names the file and the field (`<file> is malformed: encoding: feature 1 ("age") kind: ...`). */
function parseEncoding(schema: z.ZodType<FittedEncoding>, value: unknown, path: string, prefix: string): FittedEncoding {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${prefix}${describeSpecPath(value, issue.path)}: ${issue.message}`).join('; ');
  throw new RecipeError(`${path} is malformed: ${problems}. Retrain the model to rewrite it.`);
}

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

async function readVersion1(dir: string, recipe: Record<string, unknown> | undefined): Promise<ModelRecipe> {
  const encodingPath = join(dir, PREPROCESSING_V1_JSON);
  if (!existsSync(encodingPath)) {
    throw new RecipeError(
      `${join(dir, RECIPE_JSON)} is a version-1 recipe, which keeps the encoding in ${PREPROCESSING_V1_JSON}, and that file is missing. Copy it back beside recipe.json, or retrain the model.`,
    );
  }
  const raw = await readJson(encodingPath);
  if (asObject(raw).format !== 'lifecycle-studio.preprocessing') throw new RecipeError(`${encodingPath} is not a Lifecycle Studio preprocessing spec`);
  const encoding = parseEncoding(preprocessingV1Schema, raw, encodingPath, '');
  // A version-1 model trained before steps were saved has no recipe.json: no steps.
  const steps = recipe ? parseRecipeSteps(recipe.steps, join(dir, RECIPE_JSON)) : [];
  return { format: RECIPE_FORMAT, version: RECIPE_VERSION, steps, encoding };
}

/**
 * The model's recipe, validated, from either layout; undefined when the folder has none (an ONNX
 * file a user brought). A file that fails names itself and the step or field.
 *
 * @example
 * const recipe = await readModelRecipe(model.dir);
 * if (recipe) x = encodeScaled(recipe.encoding, raw);
 */
export async function readModelRecipe(dir: string): Promise<ModelRecipe | undefined> {
  const path = join(dir, RECIPE_JSON);
  if (!existsSync(path)) return existsSync(join(dir, PREPROCESSING_V1_JSON)) ? readVersion1(dir, undefined) : undefined;
  const value = asObject(await readJson(path));
  if (value.format !== RECIPE_FORMAT) throw new RecipeError(`${path} is not a Lifecycle Studio recipe (its "format" is not "${RECIPE_FORMAT}")`);
  if (value.version === undefined) return readVersion1(dir, value);
  if (value.version !== RECIPE_VERSION) {
    throw new RecipeError(
      `${path} has recipe version ${JSON.stringify(value.version)}; this version of Lifecycle Studio reads versions 1 and ${RECIPE_VERSION}. Open the model with the version that trained it, or retrain it.`,
    );
  }
  const steps = parseRecipeSteps(value.steps, path);
  if (value.encoding === undefined) throw new RecipeError(`${path} is malformed: "encoding" is missing. Retrain the model to rewrite it.`);
  const encoding = parseEncoding(fittedEncodingSchema, value.encoding, path, 'encoding: ');
  const premade = parsePremade(value.premade, path);
  return { format: RECIPE_FORMAT, version: RECIPE_VERSION, steps, encoding, ...(premade ? { premade } : {}) };
}

/**
 * Writes `recipe.json` (version 2) atomically.
 *
 * @example
 * await writeModelRecipe(ctx.artifactDir, { steps: inputs.train.fitted ?? [], encoding: spec });
 */
export async function writeModelRecipe(
  dir: string,
  parts: { steps: readonly RecipeStep[]; encoding: FittedEncoding; premade?: RecipePremade },
): Promise<ModelRecipe> {
  const recipe: ModelRecipe = {
    format: RECIPE_FORMAT,
    version: RECIPE_VERSION,
    steps: [...parts.steps],
    encoding: parts.encoding,
    ...(parts.premade ? { premade: parts.premade } : {}),
  };
  await writeJsonAtomic(join(dir, RECIPE_JSON), recipe);
  return recipe;
}
