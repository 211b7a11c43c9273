/**
 * Writes a model package into a folder. Deterministic: every JSON file is canonical (sorted keys),
 * model files are copied byte for byte, and nothing time-dependent is added unless the caller
 * supplies `created`; the same parts give the same bytes and the same `packageHash`.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readModelRecipe, writeModelRecipe } from '../model-recipe.js';
import { canonicalJson, sha256 } from './canonical.js';
import {
  LINEAGE_FILE,
  MANIFEST_JSON,
  METRICS_FILE,
  MODEL_FILES,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  RECIPE_FILE,
  REFERENCE_FILE,
  type PackageFile,
  type PackageManifest,
  type PackageParts,
} from './manifest.js';
import { outputSchema, rawInputSchema } from './schemas.js';

export class PackageError extends Error {
  override name = 'PackageError';
}

/** Hash of a manifest: its canonical JSON without `created`, so registering twice gives one hash. */
export function manifestHash(manifest: PackageManifest): string {
  const { created: _created, ...hashed } = manifest;
  return sha256(canonicalJson(hashed));
}

/**
 * Writes `parts` into `dir` (created; should be new or empty) and returns the manifest and hash.
 *
 * @example
 * const { hash } = await writeModelPackage(tmp, { name: 'penguins', version: 1, modelDir: model.dir, lineage });
 */
export async function writeModelPackage(dir: string, parts: PackageParts): Promise<{ manifest: PackageManifest; hash: string }> {
  const recipe = parts.recipe ?? (await readModelRecipe(parts.modelDir));
  if (!recipe)
    throw new PackageError(`${parts.modelDir} has no recipe.json: a package needs it to prepare raw rows. Connect the model output of a Train node.`);
  const copied = MODEL_FILES.filter((f) => existsSync(join(parts.modelDir, f)));
  if (!copied.includes('model.onnx') && !copied.includes('model.json')) {
    throw new PackageError(`no model.onnx or model.json in ${parts.modelDir}; connect the model output of the Train node.`);
  }
  await mkdir(dir, { recursive: true });
  for (const f of copied) await copyFile(join(parts.modelDir, f), join(dir, f));
  await writeModelRecipe(dir, recipe);
  const json: [string, unknown][] = [[LINEAGE_FILE, parts.lineage]];
  if (parts.metrics || parts.gate) json.push([METRICS_FILE, { metrics: parts.metrics ?? {}, gate: parts.gate }]);
  if (parts.referenceStats) json.push([REFERENCE_FILE, parts.referenceStats]);
  for (const [name, value] of json) await writeFile(join(dir, name), canonicalJson(value));
  const cards = (parts.cardFiles ?? []).map((p) => basename(p));
  for (const p of parts.cardFiles ?? []) await copyFile(p, join(dir, basename(p)));
  const rest = [RECIPE_FILE, ...json.map(([n]) => n), ...cards, ...copied.filter((f) => f !== 'model.onnx')].sort();
  const names = [...(copied.includes('model.onnx') ? ['model.onnx'] : []), ...rest];
  const files: PackageFile[] = [];
  for (const path of names) {
    const bytes = await readFile(join(dir, path));
    files.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  }
  const target = recipe.encoding.target;
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    name: parts.name,
    version: parts.version,
    created: parts.created,
    task: target.task,
    target: target.name,
    labels: target.labels ?? [],
    inputSchema: rawInputSchema(recipe),
    outputSchema: outputSchema(recipe),
    files,
  };
  await writeFile(join(dir, MANIFEST_JSON), canonicalJson(manifest));
  return { manifest, hash: manifestHash(manifest) };
}
