/**
 * A registered model by name and stage, as the Registered model node asks for it: `production`,
 * `staging`, `latest` (the highest version number, whatever its stage) or a version number.
 * Kept apart from registry.ts, whose functions the Models panel calls.
 */
import { packageHash } from './package/read-package.js';
import { PackageError } from './package/write-package.js';
import { listModels, showModel, versionsOf, type Stage, type VersionInfo } from './registry.js';

export type StageRef = 'production' | 'staging' | 'latest' | number;

/** The stage reference in `text`, or undefined when it is none of production, staging, latest or a version number. */
export function parseStageRef(text: string): StageRef | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'production' || t === 'staging' || t === 'latest') return t;
  return /^[1-9][0-9]{0,8}$/.test(t) ? Number(t) : undefined;
}

/** The version `ref` names now, or a PackageError saying what is missing and how to get it. */
export async function resolveVersion(root: string, name: string, ref: StageRef): Promise<VersionInfo> {
  const versions = await versionsOf(root, name);
  if (!versions.length) {
    const known = (await listModels(root)).map((m) => m.name);
    throw new PackageError(
      `no model named "${name}" in the registry ${root}${known.length ? ` (it holds ${known.join(', ')})` : ' (it is empty)'}; register one with a Package model node.`,
    );
  }
  const entry = (await listModels(root)).find((m) => m.name === name)!;
  let found: VersionInfo | undefined;
  if (ref === 'latest') found = entry.versions.at(-1);
  else if (typeof ref === 'number') {
    found = entry.versions.find((v) => v.version === ref);
    if (!found) throw new PackageError(`model ${name} has no version ${ref}; its versions are ${versions.join(', ')}.`);
  } else {
    // At most one version is in production (promoting archives the previous one); for staging the highest wins.
    found = entry.versions.filter((v) => v.stage === (ref as Stage)).at(-1);
    if (!found) {
      throw new PackageError(
        `model ${name} has no version in ${ref}; promote one with \`lifecycle-studio models promote ${name} ${versions.at(-1)} ${ref}\` (or the Models panel), or pick 'latest'.`,
      );
    }
  }
  return found!;
}

/** The version and package hash `ref` resolves to now (manifest only, no file verified): what a cache key needs. */
export async function resolvedFingerprint(root: string, name: string, ref: StageRef): Promise<string> {
  try {
    const v = await resolveVersion(root, name, ref);
    return `v${v.version}:${await packageHash(v.dir)}`;
  } catch (err) {
    // Unresolvable now: the run reports why; the key must still differ from any resolvable state.
    return `unresolved:${(err as Error).message}`;
  }
}

/** The version `ref` names, its package verified file by file. */
export async function openRegistered(root: string, name: string, ref: StageRef) {
  const v = await resolveVersion(root, name, ref);
  return showModel(root, name, v.version);
}
