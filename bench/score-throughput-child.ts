/**
 * One round of the score-throughput bench, run in a fresh process against the source tree given as
 * argv[2] (this worktree, or an extracted older commit for the "before" figures): imports kddcup 10%,
 * trains a small MLP on a sample, then scores the whole table with ONNX Runtime through the Score node
 * and once more phase by phase. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, dataFile, batchText] = process.argv.slice(2);
const batchSize = Number(batchText);
// Every module comes from the tree under test, so both trees run the same script.
const load = async (path: string) => import(pathToFileURL(join(root, path)).href);

const { openDataPlane, ident, literal } = await load('engine/data/data-plane.ts');
const { defaultParams } = await load('engine/node-def.ts');
const { createFakeContext } = await load('engine/testing/fake-context.ts');
const { trainDef } = await load('nodes/train/def.ts');
const { trainRunner } = await load('nodes/train/run.ts');
const { scoreRunner } = await load('nodes/score/run.ts');
const { readModelRecipe } = await load('engine/models/model-recipe.ts');
const { readModelInputs } = await load('engine/models/table-reader.ts');
const { encodeUnscaled } = await load('engine/models/preprocessing.ts');
const { openOnnxSession, runOnnxRows } = await load('engine/models/onnx/onnx-score.ts');

// A workspace database file, as the app has: the node's writes are compressed to disk there, which
// an in-memory database skips (its write-back measured 0.61 s either way before that was seen).
const workspace = mkdtempSync(join(tmpdir(), 'ls-score-bench-'));
const data = await openDataPlane(join(workspace, 'data.duckdb'));
await data.run(`CREATE TABLE kdd AS SELECT * FROM read_csv(${literal(dataFile)}, header = false)`);
const cols: { name: string }[] = await data.columns('kdd');
const label = cols[cols.length - 1].name;
await data.run(`ALTER TABLE kdd RENAME ${ident(label)} TO label`);
await data.run(`CREATE TABLE kdd_sample AS SELECT * FROM kdd USING SAMPLE 20000 ROWS (reservoir, 7)`);
const c = (id: string) => createFakeContext(data, { nodeId: id });
const model = (
  await trainRunner.run(c('train'), { train: await data.describe('kdd_sample') }, { ...defaultParams(trainDef.params), target: 'label', epochs: 1 })
).model;
const table = await data.describe('kdd');

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
/** Wall and processor seconds (every thread of the process: DuckDB's too); on a loaded machine the second is the steadier. */
const time = async <T>(f: () => Promise<T> | T): Promise<[T, { wall: number; cpu: number }]> => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const v = await f();
  return [v, { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(process.cpuUsage(c0)) }];
};
const [scored, node] = await time(() => scoreRunner.run(c('score'), { model, table }, { runtime: 'onnx', batchSize }));
const [sums] = await data.all(`SELECT count(*)::DOUBLE AS n, sum(hash(${ident(`predicted_label`)}))::DOUBLE % 1000003 AS h FROM ${ident(scored.table.table)}`);
const recipe = await readModelRecipe(model.dir);
const spec = recipe.encoding;
const [read, readTime] = await time(() => readModelInputs(data, 'kdd', spec));
const width = spec.encodedNames.length;
const rows = read.raw.rows;
// Encoded as the node does it: batch by batch into one reused buffer (an older tree, whose encoder
// takes no buffer, ignores the fifth argument and allocates per batch, as its node did).
const [, encodeTime] = await time(() => {
  const batch = new Float32Array(Math.min(batchSize, rows) * width);
  for (let start = 0; start < rows; start += batchSize) encodeUnscaled(spec, read.raw, start, Math.min(batchSize, rows - start), batch);
});
const x = encodeUnscaled(spec, read.raw);
const session = await openOnnxSession(join(model.dir, 'model.onnx'));
const [, onnxTime] = await time(() => runOnnxRows(session, x, rows, width, { chunk: batchSize }));
await session.release();
console.log(
  JSON.stringify({
    rows,
    inputWidth: width,
    node,
    read: readTime,
    encode: encodeTime,
    onnx: onnxTime,
    predictionsHash: sums.h,
  }),
);
data.close();
rmSync(workspace, { recursive: true, force: true });
