/**
 * Why a registered version has its stage (`<root>/<name>/reasons.json`, version -> text): a
 * challenger registered as archived keeps the gate rules it failed here, beside stages.json,
 * because the version's own folder is immutable once written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { canonicalJson } from './package/canonical.js';

const REASONS_JSON = 'reasons.json';

/** The reasons of one model's versions (`modelDir` is `<root>/<name>`), by version number. */
export async function readReasons(modelDir: string): Promise<Record<string, string>> {
  const path = join(modelDir, REASONS_JSON);
  if (!existsSync(path)) return {};
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
}

/** Sets (or, with no reason, clears) the reason of `version`. */
export async function writeReason(modelDir: string, version: number, reason: string | undefined): Promise<void> {
  const reasons = await readReasons(modelDir);
  const text = reason?.trim();
  if (!text && !(String(version) in reasons)) return;
  if (text) reasons[version] = text;
  else delete reasons[version];
  await writeFileAtomic(join(modelDir, REASONS_JSON), canonicalJson(reasons));
}
