/**
 * `lifecycle-studio datasets list|show`: the workspace's dataset records headless (every data file a
 * run read, once per content version; see engine/datasets). `--workspace DIR` names the workspace
 * (default `./.lifecycle-studio`, as `run` beside a pipeline and `serve` use).
 * Exit 0 on success, 1 when nothing matches or a record cannot be read, 2 on a bad command line.
 */
import { resolve } from 'node:path';
import { DatasetStore } from '../../engine/datasets/dataset-store.js';
import type { DatasetColumn, DatasetListItem, DatasetVersion } from '../../engine/datasets/dataset-types.js';
import { parseCommandLine } from '../args.js';

const USAGE = `Usage:
  lifecycle-studio datasets list [--model NAME [--version N]] [--json]
  lifecycle-studio datasets show <id-or-path> [--json]
Options:
  --workspace DIR   the workspace holding the records in DIR/datasets (default: ./.lifecycle-studio)
  --model NAME      only the versions a model (of any registry) was trained or evaluated on; --version N one of its versions`;

const OPTIONS = {
  workspace: { type: 'string' },
  model: { type: 'string' },
  version: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const out = (line: string) => process.stdout.write(`${line}\n`);
const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const rowsText = (rows: number | null) => (rows === null ? 'rows unknown' : `${rows.toLocaleString('en-US')} rows`);
const modelsText = (models: { name: string; version: number }[]) => models.map((m) => `${m.name} v${m.version}`).join(', ');

function listLine(d: DatasetListItem): string {
  const models = d.models.length ? `  models: ${modelsText(d.models)}` : '';
  return `${d.id}  v${d.version}  ${d.path}  ${rowsText(d.rows)} x ${d.columnCount} columns  last seen ${when(d.lastSeen)}  runs ${d.runCount}${models}`;
}

/** A figure as a reader wants it: integers whole, others to 6 significant digits. */
function fig(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function columnLine(c: DatasetColumn): string {
  const top = c.topValues?.length ? `  top ${c.topValues.map((t) => `${t.value ?? '(missing)'} ${t.count}`).join(', ')}` : '';
  const numbers = c.mean !== undefined ? `  mean ${fig(c.mean)} min ${fig(c.min)} max ${fig(c.max)}` : '';
  return `    ${c.name} (${c.type})  missing ${(c.missingShare * 100).toFixed(1)}%  distinct ${c.distinct}${numbers}${top}`;
}

function showVersion(v: DatasetVersion, version: number): void {
  out(`${v.path}, version ${version} (${v.id})`);
  out(`  kind:        ${v.kind}`);
  out(`  fingerprint: ${v.fingerprint}`);
  out(`  size:        ${v.bytes.toLocaleString('en-US')} bytes, ${rowsText(v.rows)}, ${v.columns.length} columns`);
  out(`  first seen:  ${when(v.firstSeen)}`);
  out(`  last seen:   ${when(v.lastSeen)}`);
  out(`  runs:        ${v.runCount}${v.runs.length ? ` (latest ${v.runs.at(-1)!.runId}, pipeline "${v.runs.at(-1)!.pipelineName}")` : ''}`);
  if (v.paths.length > 1) out(`  also read at: ${v.paths.filter((p) => p !== v.path).join(', ')}`);
  out(`  models:      ${v.models.length ? v.models.map((m) => `${m.name} v${m.version} (${m.roles.join(', ')})`).join(', ') : 'none'}`);
  out('  columns:');
  for (const c of v.columns) out(columnLine(c));
}

async function show(store: DatasetStore, idOrPath: string, json: boolean): Promise<number> {
  const found = await store.find(idOrPath);
  if (!found.length) {
    process.stderr.write(
      `No dataset version "${idOrPath}" in ${store.dir}: give an id (ds-...) or the path of a file a run read; \`lifecycle-studio datasets list\` shows them.\n`,
    );
    return 1;
  }
  if (json) {
    out(JSON.stringify(found));
    return 0;
  }
  const numbers = new Map((await store.list()).map((d) => [d.id, d.version]));
  found.forEach((v, i) => {
    if (i > 0) out('');
    showVersion(v, numbers.get(v.id) ?? 1);
  });
  return 0;
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
  const store = new DatasetStore(resolve(values.workspace ?? '.lifecycle-studio'));
  try {
    if (action === 'list' && rest.length === 0) {
      const version = values.version === undefined ? undefined : /^[1-9][0-9]*$/.test(values.version) ? Number(values.version) : NaN;
      if (Number.isNaN(version) || (version !== undefined && values.model === undefined)) {
        process.stderr.write(`--version takes a version number (1, 2, 3...) and goes with --model, not "${values.version}" alone.\n\n${USAGE}\n`);
        return 2;
      }
      const items = (await store.list()).filter(
        (d) => values.model === undefined || d.models.some((m) => m.name === values.model && (version === undefined || m.version === version)),
      );
      if (values.json) out(JSON.stringify(items));
      else if (!items.length && values.model !== undefined)
        out(
          `No dataset version in ${store.dir} is linked to model "${values.model}"${version ? ` version ${version}` : ''}: it was registered by a run that read none, or before datasets were recorded.`,
        );
      else if (!items.length) out(`No datasets recorded in ${store.dir}: run a pipeline that imports a file.`);
      else for (const d of items) out(listLine(d));
      return 0;
    }
    if (action === 'show' && rest.length === 1) return await show(store, rest[0], values.json ?? false);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`Unknown or incomplete datasets command "${positionals.join(' ')}".\n\n${USAGE}\n`);
  return 2;
}
