/**
 * A prompt as a model package: `prompt.json` (the chosen variant's system prompt and template, the
 * few-shot examples, provider, base URL, model, output mode, sampling, price; the API key by its
 * secret NAME only), lineage, metrics and model card, under the same manifest and sha256 list as a
 * trained model. The manifest's input schema lists the template's placeholders: they are the
 * columns a caller sends.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { placeholders } from '../../llm/template.js';
import type { GateRuleOutcome, PromptModelSpec } from '../../values.js';
import { canonicalJson, sha256 } from './canonical.js';
import {
  LINEAGE_FILE,
  MANIFEST_JSON,
  METRICS_FILE,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  type Lineage,
  type PackageFile,
  type PackageManifest,
} from './manifest.js';
import { readManifest, verifyFiles } from './read-package.js';
import type { JsonSchema } from './schemas.js';
import { manifestHash, PackageError } from './write-package.js';

export const PROMPT_FILE = 'prompt.json';

export interface PromptPackageParts {
  name: string;
  version: number;
  created?: string;
  /** The prompt as the Prompt node ran it (every variant). */
  prompt: PromptModelSpec;
  /** The variant to package; one of `prompt.variants`. */
  variant: string;
  lineage: Lineage;
  metrics?: Record<string, number>;
  gate?: PackageManifestGate;
  cardFiles?: string[];
}

type PackageManifestGate = { passed: boolean; rules: GateRuleOutcome[] };

export interface PromptPackage {
  dir: string;
  hash: string;
  manifest: PackageManifest;
  /** The packaged prompt: one variant, named by `variant`. */
  prompt: PromptModelSpec & { variant: string };
  lineage: Lineage;
  metrics?: { metrics: Record<string, number>; gate?: PackageManifestGate };
  /** A prompt package keeps no training statistics (as ModelPackage's, for readers of either). */
  referenceStats?: undefined;
  /** Absolute path of a file the manifest lists (prompt.json, model-card.md...), or undefined. */
  file(name: string): string | undefined;
}

/** The spec a package holds: only the chosen variant, its own placeholders. */
export function packagedPrompt(spec: PromptModelSpec, variant: string): PromptModelSpec & { variant: string } {
  const chosen = spec.variants.find((v) => v.name === variant);
  if (!chosen) throw new PackageError(`the prompt has no variant "${variant}"; its variants are ${spec.variants.map((v) => v.name).join(', ')}.`);
  return { ...spec, variants: [chosen], variant, placeholders: placeholders(`${chosen.system}\n${chosen.template}`) };
}

export function promptInputSchema(prompt: PromptModelSpec): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: Object.fromEntries(
      prompt.placeholders.map((p) => [p, { type: ['string', 'number', 'boolean', 'null'], description: `fills {{${p}}} in the template` }]),
    ),
    required: prompt.placeholders,
  };
}

export function promptOutputSchema(prompt: PromptModelSpec): JsonSchema {
  const reply = prompt.outputMode === 'label' ? { enum: [...(prompt.labels ?? []), null] } : { type: ['string', 'null'] };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      reply,
      valid: { type: 'boolean' },
      raw: { type: ['string', 'null'] },
      error: { type: ['string', 'null'] },
      tokens_in: { type: ['integer', 'null'] },
      tokens_out: { type: ['integer', 'null'] },
      cost: { type: ['number', 'null'] },
      latency_ms: { type: 'number' },
    },
    required: ['reply', 'valid'],
  };
}

/** Writes a prompt package into `dir` (new or empty); deterministic like `writeModelPackage`. */
export async function writePromptPackage(dir: string, parts: PromptPackageParts): Promise<{ manifest: PackageManifest; hash: string }> {
  const prompt = packagedPrompt(parts.prompt, parts.variant);
  await mkdir(dir, { recursive: true });
  const json: [string, unknown][] = [
    [PROMPT_FILE, prompt],
    [LINEAGE_FILE, parts.lineage],
  ];
  if (parts.metrics || parts.gate) json.push([METRICS_FILE, { metrics: parts.metrics ?? {}, gate: parts.gate }]);
  for (const [name, value] of json) await writeFile(join(dir, name), canonicalJson(value));
  for (const p of parts.cardFiles ?? []) await copyFile(p, join(dir, basename(p)));
  const names = [PROMPT_FILE, ...[...json.slice(1).map(([n]) => n), ...(parts.cardFiles ?? []).map((p) => basename(p))].sort()];
  const files: PackageFile[] = [];
  for (const path of names) {
    const bytes = await readFile(join(dir, path));
    files.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    name: parts.name,
    version: parts.version,
    created: parts.created,
    kind: 'prompt',
    task: 'text',
    target: 'reply',
    labels: prompt.labels ?? [],
    inputSchema: promptInputSchema(prompt),
    outputSchema: promptOutputSchema(prompt),
    files,
  };
  await writeFile(join(dir, MANIFEST_JSON), canonicalJson(manifest));
  return { manifest, hash: manifestHash(manifest) };
}

/** Whether `dir` holds a prompt package (reads the manifest only). */
export async function isPromptPackage(dir: string): Promise<boolean> {
  return (await readManifest(dir).catch(() => undefined))?.kind === 'prompt';
}

/** A prompt package, every file verified. */
export async function readPromptPackage(dir: string): Promise<PromptPackage> {
  const manifest = await readManifest(dir);
  if (manifest.kind !== 'prompt') throw new PackageError(`${dir} is a trained model's package, not a prompt package.`);
  await verifyFiles(dir, manifest);
  const listed = new Set(manifest.files.map((f) => f.path));
  const json = async <T>(name: string): Promise<T | undefined> => (listed.has(name) ? (JSON.parse(await readFile(join(dir, name), 'utf8')) as T) : undefined);
  const prompt = await json<PromptModelSpec & { variant: string }>(PROMPT_FILE);
  if (!prompt) throw new PackageError(`prompt package ${dir} has no ${PROMPT_FILE}`);
  return {
    dir,
    hash: manifestHash(manifest),
    manifest,
    prompt,
    lineage: (await json<Lineage>(LINEAGE_FILE)) ?? { inputs: [], libraries: {}, missing: ['lineage.json'] },
    metrics: await json(METRICS_FILE),
    file: (name) => (listed.has(name) ? join(dir, name) : undefined),
  };
}
