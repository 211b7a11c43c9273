/**
 * The one model a server serves: a model package (`manifest.json`, every file checked against its
 * sha256 by `readModelPackage`; name and version from the manifest), or a plain model folder as
 * Train writes it (`recipe.json` and `model.onnx`; named by its folder, versioned by its training
 * time). Only this file knows either layout; the routes see a `ServedModel`.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readTrainingSummary } from '../engine/models/model-files.js';
import { premadeRawColumns } from '../engine/models/head/premade-recipe.js';
import { readModelRecipe, type ModelRecipe } from '../engine/models/model-recipe.js';
import { openOnnxSession, type OnnxSession } from '../engine/models/onnx/onnx-score.js';
import { ONNX_FILE } from '../engine/models/onnx/onnx-export.js';
import type { RecipeStep } from '../engine/models/recipe-steps.js';
import { missingSourceColumns, withoutColumn } from '../engine/models/scoring-input.js';
import { MANIFEST_JSON, readModelPackage } from '../engine/models/package/index.js';

/** A raw input column: what a caller sends per row. */
export interface InputColumn {
  name: string;
  type: 'number' | 'text';
}

export interface ServedModel {
  name: string;
  version: string;
  dir: string;
  recipe: ModelRecipe;
  session: OnnxSession;
  task: 'classification' | 'regression';
  target: string;
  labels: string[];
  inputs: InputColumn[];
}

const NUMERIC_STEPS = new Set<RecipeStep['op']>(['standard-scale', 'min-max-scale']);

/** The type a raw column must have: from the first step that reads it, else from the encoding. */
function columnType(name: string, steps: readonly RecipeStep[], recipe: ModelRecipe): InputColumn['type'] {
  const at = steps.findIndex((s) => 'column' in s && s.column === name);
  const step = steps[at];
  if (step) {
    // A renamed column has the type its new name is used with.
    if (step.op === 'rename') return columnType(step.to, steps.slice(at + 1), recipe);
    if (NUMERIC_STEPS.has(step.op)) return 'number';
    if (step.op === 'impute') return typeof step.value === 'number' ? 'number' : 'text';
    return 'text';
  }
  const feature = recipe.encoding.features.find((f) => f.name === name);
  return feature?.kind === 'numeric' ? 'number' : 'text';
}

/** Raw columns a row must bring: those the recipe's steps start from, then the encoded features no step makes. */
export function inputColumns(recipe: ModelRecipe): InputColumn[] {
  if (recipe.premade) return premadeRawColumns(recipe, recipe.premade).map(({ name, type }) => ({ name, type }));
  const target = recipe.encoding.target.name;
  const steps = withoutColumn(recipe.steps, target);
  const names = missingSourceColumns([...steps, { op: 'select', columns: recipe.encoding.features.map((f) => f.name) }], []);
  return names.map((name) => ({ name, type: columnType(name, steps, recipe) }));
}

/** A name usable in a URL path (`/v2/models/<name>`). */
const urlName = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'model';

/**
 * @example
 * const served = await loadServedModel('/work/ws/.lifecycle-studio/artifacts/train/model');
 */
export async function loadServedModel(dir: string): Promise<ServedModel> {
  const abs = resolve(dir);
  if (existsSync(join(abs, MANIFEST_JSON))) return loadPackage(abs);
  return loadModelFolder(abs);
}

/** A registered package: refused whole when any file differs from its manifest. */
async function loadPackage(abs: string): Promise<ServedModel> {
  const pkg = await readModelPackage(abs);
  const onnx = pkg.file(ONNX_FILE);
  if (!onnx) throw new Error(`the package ${abs} has no ${ONNX_FILE}. Register the model again from a Train node (it exports every model to ONNX).`);
  return served(pkg.recipe, onnx, { name: urlName(pkg.manifest.name), version: String(pkg.manifest.version), dir: abs });
}

async function loadModelFolder(abs: string): Promise<ServedModel> {
  const recipe = await readModelRecipe(abs);
  if (!recipe)
    throw new Error(`${abs} has no recipe.json: the server needs the recipe Train writes to prepare raw rows. Serve a folder written by the Train node.`);
  const onnx = join(abs, ONNX_FILE);
  if (!existsSync(onnx)) throw new Error(`${abs} has no ${ONNX_FILE}. Retrain the model: the Train node exports every model to ONNX.`);
  const training = await readTrainingSummary(abs);
  // No registry version: the training time names the model's build.
  return served(recipe, onnx, { name: urlName(basename(abs)), version: training?.trainedAt ?? 'unversioned', dir: abs });
}

async function served(recipe: ModelRecipe, onnx: string, id: { name: string; version: string; dir: string }): Promise<ServedModel> {
  const { target } = recipe.encoding;
  return {
    ...id,
    recipe,
    session: await openOnnxSession(onnx),
    task: target.task,
    target: target.name,
    labels: target.labels ?? [],
    inputs: inputColumns(recipe),
  };
}
