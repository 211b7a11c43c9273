/**
 * The one way to open a model folder for use: a model package (Train's output, a registry version),
 * read and verified by `readModelPackage`, or a model folder older than packages (no manifest.json,
 * e.g. `fixtures/adult-linear-v1/`), whose recipe is read as it is. Score and Package model call this.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelRecipe, type ModelRecipe } from '../model-recipe.js';
import { MANIFEST_JSON } from './manifest.js';
import { readModelPackage, type ModelPackage } from './read-package.js';

export interface OpenedModel {
  /** Undefined for a folder holding only an ONNX file a user brought. */
  recipe?: ModelRecipe;
  /** Undefined for a folder older than packages. */
  package?: ModelPackage;
}

/**
 * @example
 * const { recipe, package: pkg } = await openModel(inputs.model.dir);
 */
export async function openModel(dir: string): Promise<OpenedModel> {
  if (existsSync(join(dir, MANIFEST_JSON))) {
    const pkg = await readModelPackage(dir);
    return { recipe: pkg.recipe, package: pkg };
  }
  return { recipe: await readModelRecipe(dir) };
}
