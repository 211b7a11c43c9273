/**
 * The whole adult pipeline, import to evaluation, through the real nodes: import adult-train and
 * adult-test (header-less, ", " separators, "?" missing), strip the test labels' trailing ".",
 * train logistic regression, score the test file, evaluate. Beside it, in the same run, the
 * equivalent pandas + scikit-learn script (read_csv, median impute + standard scale + one-hot in a
 * ColumnTransformer, LogisticRegression, predict, accuracy). Rounds alternate, each in a fresh process.
 *
 * Each round also runs the same pipeline as a user does (`adult-pipeline-engine.ts`: a fresh process
 * loads the engine and the node catalogue, `createEngine(...).run` with cache keys, run record and
 * dataset records), timed from spawn to exit beside the pandas script's process, spawn to exit.
 *
 * Our scripts (`adult-pipeline-nodes.ts`, `adult-pipeline-engine.ts`) run prebuilt with the tree's own
 * cli/bundle.mjs, as `lifecycle-studio` runs, or through tsx for a tree without one. Each round also
 * runs `lifecycle-studio run` on the same pipeline file, spawn to exit.
 *
 * Run: `npm run bench -- adult-pipeline` (ROUNDS=3 by default). `BEFORE=<checkout of another commit>`
 * adds that code's run to each round, so before and after are measured in the same conditions.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Bundle from '../cli/bundle.mjs';
import { adultDocument } from './adult-pipeline-doc.js';
import { ADULT_COLUMNS as COLUMNS } from '../nodes/testing/test-data.js';
import { reportResult } from './result.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '../../shared/data');
const PYTHON = '/usr/bin/python3';
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BEFORE = process.env.BEFORE ? resolve(process.env.BEFORE) : undefined;

const PANDAS = String.raw`
import json, sys, time
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
data, cols = sys.argv[1], json.loads(sys.argv[2])
# Timed from here, after the library imports, as the Node side is timed after its module imports.
t0 = t_import = time.perf_counter()
cpu0 = time.process_time()
read = lambda f: pd.read_csv(data + '/' + f, header=None, names=cols, skipinitialspace=True, na_values='?')
train, test = read('adult-train.csv'), read('adult-test.csv')
test['income'] = test['income'].str.rstrip('.')
t1 = time.perf_counter()
num = [c for c in cols if c != 'income' and train[c].dtype != object]
cat = [c for c in cols if c != 'income' and train[c].dtype == object]
pre = ColumnTransformer([('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), num), ('cat', OneHotEncoder(handle_unknown='ignore'), cat)])
model = make_pipeline(pre, LogisticRegression(max_iter=1000))
model.fit(train.drop(columns='income'), train['income'])
t2 = time.perf_counter()
acc = float((model.predict(test.drop(columns='income')) == test['income']).mean())
t3 = time.perf_counter()
print(json.dumps({'cpuSeconds': time.process_time() - cpu0, 'seconds': t3 - t0, 'importSeconds': t1 - t_import, 'trainSeconds': t2 - t1, 'evalSeconds': t3 - t2, 'accuracy': acc, 'rows': len(test)}))
`;

interface Result {
  /** Processor time of the whole process (every thread), from the same start as `seconds`. */
  cpuSeconds: number;
  seconds: number;
  importSeconds: number;
  trainSeconds: number;
  evalSeconds: number;
  accuracy: number;
  rows: number;
  /** Ours only: wall ms per step (open, importTrain, importTest, fix, train, score, evaluate). */
  steps?: Record<string, number>;
  /** Ours only: the Train node's own time split, from its log. */
  trainSplit?: string;
}

/** The last JSON line the child printed, plus `processSeconds`: its wall time from spawn to exit. */
function run<T = Result>(cmd: string, args: string[], cwd: string): T & { processSeconds: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' }, maxBuffer: 1 << 24 });
  const processSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T), processSeconds };
}

/** What adult-pipeline-engine.ts prints. */
interface EngineResult {
  phases: Record<string, number>;
  nodeMs: Record<string, number>;
  untilFinishedMs: number;
  cpuUntilFinished: number;
  accuracy: number;
  processSeconds: number;
}
const ENGINE_SCRIPT = 'bench/adult-pipeline-engine.ts';
const NODES_SCRIPT = 'bench/adult-pipeline-nodes.ts';

/**
 * How a tree runs the engine script and the CLI: prebuilt with its own cli/bundle.mjs (as
 * `npm run build:cli` ships it) when it has one, else through tsx as that code ran. The builds are
 * made once, before the rounds, as an installed app's are.
 */
async function prepare(tree: string): Promise<{ engineArgs: string[]; nodesArgs: string[]; bundled: boolean }> {
  // A BEFORE checkout older than these scripts gets a copy (they use only createEngine and the catalogue).
  for (const f of ['adult-pipeline-engine.ts', 'adult-pipeline-doc.ts', 'adult-pipeline-nodes.ts'])
    if (!existsSync(resolve(tree, 'bench', f))) copyFileSync(resolve(here, f), resolve(tree, 'bench', f));
  const bundler = resolve(tree, 'cli/bundle.mjs');
  if (!existsSync(bundler)) return { engineArgs: ['--import', 'tsx', ENGINE_SCRIPT], nodesArgs: ['--import', 'tsx', NODES_SCRIPT], bundled: false };
  const { buildBundle } = (await import(pathToFileURL(bundler).href)) as typeof Bundle;
  await buildBundle({ root: tree });
  const entries = { 'adult-pipeline-engine': ENGINE_SCRIPT, 'adult-pipeline-nodes': NODES_SCRIPT };
  const built = await buildBundle({ root: tree, outDir: resolve(tree, 'dist/bench'), entries });
  return { engineArgs: [built['adult-pipeline-engine']], nodesArgs: [built['adult-pipeline-nodes']], bundled: true };
}
const runEngine = (tree: string, args: string[]) => run<EngineResult>(process.execPath, [...args, DATA], tree);

/** `lifecycle-studio run` on the same pipeline (written by the engine script), spawn to exit, in a new workspace. */
function runCli(tree: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'adult-cli-'));
  try {
    const doc = join(dir, 'adult.pipeline.json');
    writeFileSync(doc, JSON.stringify(adultDocument(DATA)));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'run', doc, '--workspace', join(dir, 'ws'), '--allow-path', DATA], { cwd: tree, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`lifecycle-studio run failed: ${r.stderr.slice(-2000)}`);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasPandas = spawnSync(PYTHON, ['-c', 'import pandas, sklearn']).status === 0;
const ours: Result[] = [];
const theirs: (Result & { processSeconds: number })[] = [];
const before: Result[] = [];
const oursEngine: EngineResult[] = [];
const beforeEngine: EngineResult[] = [];
const oursCli: number[] = [];
const beforeCli: number[] = [];
const root = resolve(here, '..');
const oursPrep = await prepare(root);
const beforePrep = BEFORE ? await prepare(BEFORE) : undefined;
console.log(
  `load average ${loadavg()[0].toFixed(1)}; ${ROUNDS} rounds${BEFORE ? `; before = ${BEFORE}` : ''}${hasPandas ? '' : '; pandas/scikit-learn missing, measuring this app alone'}`,
);
for (let i = 0; i < ROUNDS; i++) {
  ours.push(run(process.execPath, [...oursPrep.nodesArgs, DATA], root));
  if (BEFORE) before.push(run(process.execPath, [...beforePrep!.nodesArgs, DATA], BEFORE));
  if (hasPandas) theirs.push(run(PYTHON, ['-c', PANDAS, DATA, JSON.stringify(COLUMNS)], root));
  oursEngine.push(runEngine(root, oursPrep.engineArgs));
  if (BEFORE) beforeEngine.push(runEngine(BEFORE, beforePrep!.engineArgs));
  oursCli.push(runCli(root));
  if (BEFORE) beforeCli.push(runCli(BEFORE));
}
const how = (p: { bundled: boolean }) => (p.bundled ? 'prebuilt' : 'through tsx');
const show = (name: string, rs: Result[]) =>
  console.log(
    `${name.padEnd(24)} ${median(rs.map((r) => r.seconds)).toFixed(2)} s, cpu ${median(rs.map((r) => r.cpuSeconds)).toFixed(2)} s (import ${median(rs.map((r) => r.importSeconds)).toFixed(2)}, train ${median(rs.map((r) => r.trainSeconds)).toFixed(2)}, score+evaluate ${median(rs.map((r) => r.evalSeconds)).toFixed(2)}), test accuracy ${rs[0].accuracy.toFixed(4)} on ${rs[0].rows} rows`,
  );
const showSteps = (rs: Result[]) => {
  const names = Object.keys(rs[0].steps ?? {});
  if (names.length) console.log(`  steps, median wall ms: ${names.map((n) => `${n} ${median(rs.map((r) => r.steps![n]))}`).join(', ')}`);
  if (rs[0].trainSplit) console.log(`  Train node's own split (round 1): ${rs[0].trainSplit}`);
};
show(`this app, ${how(oursPrep)}`, ours);
showSteps(ours);
if (BEFORE) {
  show(`before, ${how(beforePrep!)}`, before);
  showSteps(before);
  console.log(`ratio before/now (wall, median): x${(median(before.map((r) => r.seconds)) / median(ours.map((r) => r.seconds))).toFixed(2)}`);
}
if (hasPandas) {
  show('pandas + scikit-learn', theirs);
  console.log(`ratio pandas/ours (wall, median): x${(median(theirs.map((r) => r.seconds)) / median(ours.map((r) => r.seconds))).toFixed(2)}`);
  if (BEFORE) console.log(`ratio pandas/before (wall, median): x${(median(theirs.map((r) => r.seconds)) / median(before.map((r) => r.seconds))).toFixed(2)}`);
}
const m = (xs: number[]) => median(xs);
const showEngine = (name: string, rs: EngineResult[]) => {
  const phase = (k: string) => m(rs.map((r) => r.phases[k] ?? 0));
  const start = m(rs.map((r) => r.phases.boot + r.phases.loadEngine + r.phases.loadNodes + r.phases.createEngine));
  console.log(
    `${name.padEnd(24)} process ${m(rs.map((r) => r.processSeconds)).toFixed(2)} s spawn to exit; until run-finished ${(m(rs.map((r) => r.untilFinishedMs)) / 1000).toFixed(2)} s wall, ${m(rs.map((r) => r.cpuUntilFinished)).toFixed(2)} s cpu; test accuracy ${rs[0].accuracy.toFixed(4)}`,
  );
  console.log(
    `  median ms: node + tsx ${phase('boot')}, load engine ${phase('loadEngine')}, load catalogue ${phase('loadNodes')}, createEngine ${phase('createEngine')} (start ${start}); run ${phase('run')} = before run-started ${phase('beforeRunStarted')} + nodes ${phase('nodes')} + after the last node ${phase('afterLastNode')}; close ${phase('close')}`,
  );
  const names = Object.keys(rs[0].nodeMs);
  console.log(`  nodes, median ms: ${names.map((n) => `${n} ${m(rs.map((r) => r.nodeMs[n]))}`).join(', ')}`);
};
console.log('\nThrough the engine, fresh process (as `lifecycle-studio run` and the engine process do):');
showEngine(`this app, ${how(oursPrep)}`, oursEngine);
if (BEFORE) showEngine(`before, ${how(beforePrep!)}`, beforeEngine);
if (hasPandas)
  console.log(
    `${'pandas + scikit-learn'.padEnd(24)} process ${m(theirs.map((r) => r.processSeconds)).toFixed(2)} s spawn to exit (interpreter and library imports included)`,
  );
console.log(
  `\n\`lifecycle-studio run\` (two processes: the CLI and its engine), spawn to exit, median: ${m(oursCli).toFixed(2)} s${BEFORE ? `; before ${m(beforeCli).toFixed(2)} s` : ''}`,
);

// The script as a process, spawn to exit: the reference of both whole-process figures.
const scriptProcess = hasPandas
  ? { reference: { name: 'pandas + scikit-learn script', value: m(theirs.map((r) => r.processSeconds)) } }
  : { referenceMissing: `${PYTHON} has no pandas/scikit-learn` };
reportResult({
  bench: 'adult-pipeline',
  figure: 'import to evaluation, fresh process spawn to exit, wall',
  value: m(oursEngine.map((r) => r.processSeconds)),
  unit: 's',
  better: 'lower',
  ...scriptProcess,
  target: { ratio: 1, text: 'faster than the script' },
});
reportResult({
  bench: 'adult-pipeline',
  figure: '`lifecycle-studio run`, spawn to exit, wall',
  value: m(oursCli),
  unit: 's',
  better: 'lower',
  ...scriptProcess,
  target: { ratio: 1, text: 'faster than the script' },
});
reportResult({
  bench: 'adult-pipeline',
  figure: 'import to evaluation, wall',
  value: median(ours.map((r) => r.seconds)),
  unit: 's',
  better: 'lower',
  ...(hasPandas
    ? { reference: { name: 'pandas + scikit-learn', value: median(theirs.map((r) => r.seconds)) } }
    : { referenceMissing: `${PYTHON} has no pandas/scikit-learn` }),
  target: { ratio: 1, text: 'faster than the script' },
});
