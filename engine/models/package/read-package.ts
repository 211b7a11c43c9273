/**
 * Reads a model package and checks it: the manifest's format, then the sha256 of every file it
 * lists. A file that was changed or removed is refused by name: a package is trusted as a whole.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelRecipe, type ModelRecipe } from '../model-recipe.js';
import { sha256 } from './canonical.js';
import {
  LINEAGE_FILE,
  MANIFEST_JSON,
  METRICS_FILE,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  REFERENCE_FILE,
  type Lineage,
  type PackageManifest,
} from './manifest.js';
import type { ReferenceStats } from './reference-stats.js';
import { manifestHash, PackageError } from './write-package.js';

export interface ModelPackage {
  dir: string;
  hash: string;
  manifest: PackageManifest;
  recipe: ModelRecipe;
  lineage: Lineage;
  metrics?: { metrics: Record<string, number>; gate?: { passed: boolean; rules: { rule: string; passed: boolean }[] } };
  referenceStats?: ReferenceStats;
  /** Absolute path of a file the manifest lists (model.onnx, model-card.md...), or undefined. */
  file(name: string): string | undefined;
}

/** Checks every file the manifest lists against its sha256; a changed or missing file is refused by name. */
export async function verifyFiles(dir: string, manifest: PackageManifest): Promise<void> {
  for (const f of manifest.files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, f.path));
    } catch {
      throw new PackageError(`package file ${f.path} is missing from ${dir}; the package is incomplete. Register the model again.`);
    }
    if (sha256(bytes) !== f.sha256) {
      throw new PackageError(
        `package file ${f.path} in ${dir} does not match its sha256 in manifest.json: it was changed after packaging. Register the model again.`,
      );
    }
  }
}

export async function readManifest(dir: string): Promise<PackageManifest> {
  const path = join(dir, MANIFEST_JSON);
  let value: PackageManifest;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as PackageManifest;
  } catch (err) {
    throw new PackageError(`cannot read the package manifest ${path}: ${(err as Error).message}. Is ${dir} a model package?`);
  }
  if (value?.format !== PACKAGE_FORMAT) throw new PackageError(`${path} is not a Lifecycle Studio model package (its "format" is not "${PACKAGE_FORMAT}")`);
  if (value.formatVersion !== PACKAGE_FORMAT_VERSION) {
    throw new PackageError(`${path} has package format version ${JSON.stringify(value.formatVersion)}; this version reads ${PACKAGE_FORMAT_VERSION}.`);
  }
  return value;
}

/** The package's hash (sha256 of its canonical manifest without `created`); reads the manifest only. */
export async function packageHash(dir: string): Promise<string> {
  return manifestHash(await readManifest(dir));
}

/**
 * The package in `dir`, every file verified.
 *
 * @example
 * const pkg = await readModelPackage('models/penguins/3');
 * const session = await openOnnx(pkg.file('model.onnx')!);
 */
export async function readModelPackage(dir: string): Promise<ModelPackage> {
  const manifest = await readManifest(dir);
  if (manifest.kind === 'prompt')
    throw new PackageError(
      `${dir} is a prompt package (a prompt for a chat model, no trained model): the model server serves it; Score and Train cannot use it.`,
    );
  await verifyFiles(dir, manifest);
  const listed = new Set(manifest.files.map((f) => f.path));
  const json = async <T>(name: string): Promise<T | undefined> => (listed.has(name) ? (JSON.parse(await readFile(join(dir, name), 'utf8')) as T) : undefined);
  const recipe = await readModelRecipe(dir);
  if (!recipe) throw new PackageError(`package ${dir} has no recipe.json`);
  return {
    dir,
    hash: manifestHash(manifest),
    manifest,
    recipe,
    lineage: (await json<Lineage>(LINEAGE_FILE)) ?? { inputs: [], libraries: {}, missing: ['lineage.json'] },
    metrics: await json(METRICS_FILE),
    referenceStats: await json<ReferenceStats>(REFERENCE_FILE),
    file: (name) => (listed.has(name) ? join(dir, name) : undefined),
  };
}
