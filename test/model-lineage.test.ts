/**
 * From a registered model back to the pipeline version and the data that made it: the window's
 * save keeps two versions (epochs 10, then 20), the real CLI runs the file and registers the model,
 * and `models show --lineage` names the run, the saved version (time, user, hash), the training
 * params and the file read, each figure computed here independently (sha256 of the bytes on disk,
 * `id -un`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../engine/document/schema.js';
import type { EngineApi } from '../engine/engine-types.js';
import { createStudioHandlers } from '../hosts/shared/studio-handlers.js';
import { nodeDefs } from '../nodes/defs.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir } from './testing/cli-harness.js';
import { PENGUINS_LIFECYCLE_EDGES, penguinsLifecycleNodes } from './testing/penguins-lifecycle.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} is not used by saving`)),
});
const CSV = join(SHARED_DATA, 'penguins.csv');
const defs = new Map(nodeDefs.map((d) => [d.type, d]));

function penguins(epochs: number): PipelineDocument {
  const doc = pipeline(penguinsLifecycleNodes({ path: CSV, epochs }), PENGUINS_LIFECYCLE_EDGES) as PipelineDocument;
  // Saved by the window, nodes carry their current typeVersion.
  const nodes = doc.nodes.map((n) => ({ ...n, typeVersion: defs.get(n.type)!.typeVersion }));
  return { ...doc, nodes, id: 'penguins-lineage', name: 'Penguins lineage' };
}

let dir: string;
let ws: string;
let file: string;
let runId: string;

beforeAll(async () => {
  dir = tempDir('ls-lineage-');
  ws = join(dir, 'ws');
  file = join(dir, 'penguins.pipeline.json');
  const { handlers } = createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: ws }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    allowedRoots: [dir],
    workspaceDir: ws,
  });
  await handlers.savePipeline(penguins(10), file);
  await handlers.savePipeline(penguins(20), file);
  const r = await runCli(['run', file, '--json', '--workspace', ws, '--allow-path', SHARED_DATA]);
  expect(r.code, r.stderr).toBe(0);
  runId = (jsonLines(r.stdout).find((e) => e.type === 'run-started') as unknown as { runId: string }).runId;
}, 180_000);

describe('models show --lineage', () => {
  it('names the run, the saved pipeline version with its time and user, the training params and the data file', async () => {
    const fileHash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const lineage = JSON.parse(readFileSync(join(ws, 'models', 'penguins', '1', 'lineage.json'), 'utf8')) as { pipelineHash: string; runId: string };
    const record = JSON.parse(readFileSync(join(ws, 'runs', `${runId}.json`), 'utf8')) as { documentHash: string };
    // One hash in three places: the bytes saved, the run record, the package's lineage.
    expect(record.documentHash).toBe(fileHash);
    expect(lineage.pipelineHash).toBe(fileHash);
    expect(lineage.runId).toBe(runId);

    const r = await runCli(['models', 'show', 'penguins', '--lineage', '--workspace', ws]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const { handlers } = createStudioHandlers({
      engine: noEngine,
      engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: ws }),
      configDir: join(dir, 'config'),
      emit: () => undefined,
      allowedRoots: [dir],
      workspaceDir: ws,
    });
    const [newest, older] = await handlers.listPipelineVersions('penguins-lineage');
    expect(older.document.nodes.find((n) => n.id === 'train')?.params.epochs).toBe(10);
    const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
    const saved = new Date(newest.savedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(lines).toContain('  lineage:');
    expect(lines.find((l) => l.startsWith('    run:'))).toMatch(new RegExp(`^    run: +${runId} \\(succeeded, started `));
    expect(lines).toContain(`    pipeline: "Penguins lineage" (id penguins-lineage), file ${file}`);
    expect(lines).toContain(`    version:  ${newest.versionId} saved ${saved} by ${user}, hash ${fileHash.slice(0, 12)}, file ${file}`);
    expect(lines).toContain('    trained by "Train model" (train, Train model) with:');
    expect(lines).toContain('      Epochs: 20');
    expect(lines).toContain('      Target column: "species"');
    // The file's fingerprint is its size and the first 32 hex of its sha256 (engine/cache/fingerprint.ts).
    const csv = readFileSync(CSV);
    const fingerprint = `${statSync(CSV).size}:${createHash('sha256').update(csv).digest('hex').slice(0, 32)}`;
    expect(lines).toContain(`      ${CSV}  fingerprint ${fingerprint}  (read by "Import dataset")`);
  });

  it('says so when the run used a document no save kept', async () => {
    const r = await runCli(['run', file, '--json', '--workspace', ws, '--allow-path', SHARED_DATA, '--set', 'train.epochs=21']);
    expect(r.code, r.stderr).toBe(0);
    const shown = await runCli(['models', 'show', 'penguins', '--version', '2', '--lineage', '--workspace', ws]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(
      / {4}version: {2}[0-9a-f]{12}, not among the saved versions of "penguins-lineage" in .*pipeline-versions\/penguins-lineage-[0-9a-f]{12} \(the run used an unsaved document/,
    );
    // Params from the run's own copy of the document.
    expect(shown.stdout.split('\n')).toContain('      Epochs: 21');
  });
});
