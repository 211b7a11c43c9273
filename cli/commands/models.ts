/**
 * `lifecycle-studio models list|show|promote|archive`: the model registry headless. The registry is
 * the workspace's (`<workspace>/models`, where the Package model node registers by default):
 * `--workspace DIR` names the workspace (default `./.lifecycle-studio`, as `serve` uses), `--registry DIR`
 * another registry folder itself (a Package model node with its own folder).
 * Exit 0 on success, 1 when the registry refuses (unknown model, version or stage), 2 on a bad command line.
 */
import { join, resolve } from 'node:path';
import { listModels, promoteModel, showModel, STAGES, type Stage } from '../../engine/models/registry.js';
import { parseCommandLine } from '../args.js';
import { lineageReport } from './model-lineage.js';

const USAGE = `Usage:
  lifecycle-studio models list [--json]
  lifecycle-studio models show <name> [--version N] [--lineage] [--json]
  lifecycle-studio models promote <name> <version> <${STAGES.join('|')}>
  lifecycle-studio models archive <name> <version>
Options:
  --workspace DIR   the workspace; its registry is DIR/models (default: ./.lifecycle-studio)
  --registry DIR    a registry folder itself, instead of the workspace's
  --lineage         with show: the run, the pipeline version (time, user, training params) and the data that made the version`;

const OPTIONS = {
  workspace: { type: 'string' },
  registry: { type: 'string' },
  version: { type: 'string' },
  json: { type: 'boolean' },
  lineage: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function list(root: string, json: boolean): Promise<number> {
  const models = await listModels(root);
  if (json)
    out(
      JSON.stringify(
        models.map((m) => ({
          name: m.name,
          versions: m.versions.map(({ version, stage, dir, reason }) => ({ version, stage, dir, ...(reason ? { reason } : {}) })),
        })),
      ),
    );
  else if (!models.length) out(`No models registered in ${root}.`);
  else
    for (const m of models)
      out(`${m.name}\n${m.versions.map((v) => `  ${String(v.version).padStart(3)}  ${v.stage}${v.reason ? `  (${v.reason})` : ''}`).join('\n')}`);
  return 0;
}

async function show(root: string, name: string, version: number | undefined, json: boolean, lineageOf?: string): Promise<number> {
  const v = await showModel(root, name, version);
  const m = v.package.manifest;
  if (json) {
    out(
      JSON.stringify({
        name,
        version: v.version,
        stage: v.stage,
        ...(v.reason ? { reason: v.reason } : {}),
        dir: v.dir,
        hash: v.package.hash,
        manifest: m,
        lineage: v.package.lineage,
        metrics: v.package.metrics,
      }),
    );
    return 0;
  }
  out(`${name} version ${v.version} (${v.stage})`);
  if (v.reason) out(`  reason:  ${v.reason}`);
  out(`  folder:  ${v.dir}`);
  out(`  hash:    ${v.package.hash}`);
  if (m.created) out(`  created: ${m.created}`);
  out(`  task:    ${m.task}, target ${m.target}${m.labels.length ? ` (${m.labels.join(', ')})` : ''}`);
  out(`  inputs:  ${Object.keys((m.inputSchema.properties as object | undefined) ?? {}).join(', ')}`);
  for (const [k, val] of Object.entries(v.package.metrics?.metrics ?? {})) out(`  metric ${k}: ${val}`);
  if (v.package.metrics?.gate) out(`  gate:    ${v.package.metrics.gate.passed ? 'passed' : 'failed'}`);
  if (v.package.lineage.runId) out(`  run:     ${v.package.lineage.runId}`);
  out(`  files:   ${m.files.map((f) => f.path).join(', ')}`);
  if (lineageOf) for (const line of await lineageReport(lineageOf, v.package.lineage)) out(line);
  return 0;
}

function parseVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^[1-9][0-9]*$/.test(text) ? Number(text) : NaN;
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, OPTIONS, USAGE);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const root = values.registry ? resolve(values.registry) : join(resolve(values.workspace ?? '.lifecycle-studio'), 'models');
  const bad = (message: string) => {
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    return 2;
  };
  try {
    if (action === 'list' && rest.length === 0) return await list(root, values.json ?? false);
    if (action === 'show' && rest.length === 1) {
      const version = parseVersion(values.version);
      if (Number.isNaN(version)) return bad(`--version must be a version number (1, 2, 3...), not "${values.version}".`);
      // The run records and saved pipeline versions are the workspace's, also when --registry names the registry.
      const workspace = values.lineage ? resolve(values.workspace ?? '.lifecycle-studio') : undefined;
      return await show(root, rest[0], version, values.json ?? false, workspace);
    }
    if (action === 'promote' && rest.length === 3) {
      const version = parseVersion(rest[1]);
      if (version === undefined || Number.isNaN(version)) return bad(`the version must be a number (1, 2, 3...), not "${rest[1]}".`);
      if (!STAGES.includes(rest[2] as Stage)) return bad(`the stage must be one of ${STAGES.join(', ')}, not "${rest[2]}".`);
      for (const c of await promoteModel(root, rest[0], version, rest[2] as Stage)) out(`${rest[0]} version ${c.version}: ${c.from} -> ${c.to}`);
      return 0;
    }
    if (action === 'archive' && rest.length === 2) {
      const version = parseVersion(rest[1]);
      if (version === undefined || Number.isNaN(version)) return bad(`the version must be a number (1, 2, 3...), not "${rest[1]}".`);
      // Archiving is setting the stage: the version's files stay, immutable; `promote` brings it back.
      for (const c of await promoteModel(root, rest[0], version, 'archived')) out(`${rest[0]} version ${c.version}: ${c.from} -> ${c.to}`);
      return 0;
    }
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  return bad(`Unknown or incomplete models command "${positionals.join(' ')}".`);
}
