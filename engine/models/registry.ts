/**
 * The model registry: `<root>/<name>/<version>/` holds one model package per version (1, 2, 3...),
 * immutable once written: it is written in a temporary folder beside it, then renamed into place,
 * and its files are made read-only. The stage of each version (none, staging, production, archived)
 * is the user's and changes, so it lives outside the versions, in `<root>/<name>/stages.json`.
 * Promoting a version to production archives the previous production version, as MLflow does.
 * Why a version was archived when registered (a challenger that failed the gate) is in `reasons.json`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { canonicalJson } from './package/canonical.js';
import type { PackageParts } from './package/manifest.js';
import { readPromptPackage, writePromptPackage, type PromptPackage, type PromptPackageParts } from './package/prompt-package.js';
import { readManifest } from './package/read-package.js';
import { readModelPackage, type ModelPackage } from './package/read-package.js';
import { PackageError, writeModelPackage } from './package/write-package.js';
import { readReasons, writeReason } from './registry-reasons.js';

export const STAGES = ['none', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];
const STAGES_JSON = 'stages.json';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface VersionInfo {
  name: string;
  version: number;
  stage: Stage;
  dir: string;
  /** Why it has its stage (a challenger registered as archived: the gate rules it failed). */
  reason?: string;
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new PackageError(`model name "${name}" is not allowed: use letters, digits, ".", "_" or "-" (up to 64, starting with a letter or digit).`);
  }
}

/** Version numbers present for `name`, ascending. */
export async function versionsOf(root: string, name: string): Promise<number[]> {
  checkName(name);
  const dir = join(root, name);
  if (!existsSync(dir)) return [];
  return (await readdir(dir))
    .filter((e) => /^[1-9][0-9]*$/.test(e))
    .map(Number)
    .sort((a, b) => a - b);
}

async function readStages(root: string, name: string): Promise<Record<string, Stage>> {
  const path = join(root, name, STAGES_JSON);
  if (!existsSync(path)) return {};
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, Stage>;
}

async function makeReadOnly(dir: string): Promise<void> {
  for (const f of await readdir(dir)) await chmod(join(dir, f), 0o444);
}

/**
 * Writes a package (a trained model's, or a prompt's when `parts.prompt` is set) as the next version of `parts.name` and returns it (stage none).
 *
 * @example
 * const v = await registerModel(ctx.resolvePath('models'), { name: 'penguins', modelDir, lineage });
 */
export async function registerModel(
  root: string,
  parts: Omit<PackageParts, 'version'> | Omit<PromptPackageParts, 'version'>,
): Promise<VersionInfo & { hash: string }> {
  checkName(parts.name);
  await mkdir(join(root, parts.name), { recursive: true });
  const created = parts.created ?? new Date().toISOString();
  // Another writer may take a number between our read and our rename: rename fails, try the next.
  for (let attempt = 0; attempt < 20; attempt++) {
    const version = ((await versionsOf(root, parts.name)).at(-1) ?? 0) + 1;
    const tmp = join(root, parts.name, `.tmp-${randomUUID()}`);
    try {
      const { hash } =
        'prompt' in parts ? await writePromptPackage(tmp, { ...parts, version, created }) : await writeModelPackage(tmp, { ...parts, version, created });
      await makeReadOnly(tmp);
      const dir = join(root, parts.name, String(version));
      if (existsSync(dir)) continue;
      try {
        await rename(tmp, dir);
      } catch (err) {
        // Taken meanwhile (rename onto a non-empty folder fails): try the next number.
        if (['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) continue;
        throw err;
      }
      return { name: parts.name, version, stage: 'none', dir, hash };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  throw new PackageError(`could not allocate a new version of "${parts.name}" in ${root}: too many concurrent registrations. Try again.`);
}

/** Every registered model with its versions and stages, names sorted. */
export async function listModels(root: string): Promise<{ name: string; versions: VersionInfo[] }[]> {
  if (!existsSync(root)) return [];
  const names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && NAME.test(e.name)).map((e) => e.name);
  const out = [];
  for (const name of names.sort()) {
    const stages = await readStages(root, name);
    const reasons = await readReasons(join(root, name));
    const versions = (await versionsOf(root, name)).map((version) => ({
      name,
      version,
      stage: stages[version] ?? 'none',
      dir: join(root, name, String(version)),
      ...(reasons[version] ? { reason: reasons[version] } : {}),
    }));
    if (versions.length) out.push({ name, versions });
  }
  return out;
}

/** One version (the latest when `version` is undefined), its package verified. */
export async function showModel(root: string, name: string, version?: number): Promise<VersionInfo & { package: ModelPackage | PromptPackage }> {
  const versions = await versionsOf(root, name);
  if (!versions.length) throw new PackageError(`no model named "${name}" in ${root}; \`lifecycle-studio models list\` shows the registered ones.`);
  const v = version ?? versions.at(-1)!;
  if (!versions.includes(v)) throw new PackageError(`model "${name}" has no version ${v}; its versions are ${versions.join(', ')}.`);
  const dir = join(root, name, String(v));
  const stages = await readStages(root, name);
  const reason = (await readReasons(join(root, name)))[v];
  return { name, version: v, stage: stages[v] ?? 'none', dir, ...(reason ? { reason } : {}), package: await readVersion(dir) };
}

/** A version's package, a trained model's or a prompt's (`'prompt' in pkg`), every file verified. */
async function readVersion(dir: string): Promise<ModelPackage | PromptPackage> {
  return (await readManifest(dir)).kind === 'prompt' ? readPromptPackage(dir) : readModelPackage(dir);
}

/** The version of `name` at `stage` (the current production one, say), or undefined. */
export async function versionAtStage(root: string, name: string, stage: Stage): Promise<number | undefined> {
  const stages = await readStages(root, name);
  const found = Object.entries(stages)
    .filter(([, s]) => s === stage)
    .map(([v]) => Number(v));
  return found.length ? Math.max(...found) : undefined;
}

/**
 * Sets the stage of one version. To production: the version that was in production goes to
 * archived, so one version at most serves as production. Returns the versions whose stage changed.
 * `reason` says why (shown beside the stage); a stage change without one clears the version's old reason.
 */
export async function promoteModel(
  root: string,
  name: string,
  version: number,
  stage: Stage,
  reason?: string,
): Promise<{ version: number; from: Stage; to: Stage }[]> {
  if (!STAGES.includes(stage)) throw new PackageError(`stage "${stage}" is not one of ${STAGES.join(', ')}.`);
  const versions = await versionsOf(root, name);
  if (!versions.includes(version)) {
    throw new PackageError(
      versions.length ? `model "${name}" has no version ${version}; its versions are ${versions.join(', ')}.` : `no model named "${name}" in ${root}.`,
    );
  }
  const stages = await readStages(root, name);
  const changes: { version: number; from: Stage; to: Stage }[] = [];
  if (stage === 'production') {
    for (const [v, s] of Object.entries(stages)) {
      if (s === 'production' && Number(v) !== version) {
        stages[v] = 'archived';
        changes.push({ version: Number(v), from: 'production', to: 'archived' });
      }
    }
  }
  changes.push({ version, from: stages[version] ?? 'none', to: stage });
  stages[version] = stage;
  await writeFileAtomic(join(root, name, STAGES_JSON), canonicalJson(stages));
  await writeReason(join(root, name), version, reason);
  return changes.sort((a, b) => a.version - b.version);
}
