/**
 * The same MLP (64-64 ReLU, Adam 0.001, batch 256, 5 epochs, softmax cross-entropy) trained on the
 * same prepared data (our preprocessing spec, written to a float32 file for Python) with each
 * available TensorFlow.js backend, beside PyTorch (1 thread) and scikit-learn's MLPClassifier in the
 * same run when /usr/bin/python3 has them. Prints seconds per epoch and the ratios to PyTorch.
 *
 * Run: `npm run bench -- train-mlp`. The cpu backend needs many minutes per kdd epoch, so on kdd it trains
 * one epoch on the first CPU_ROWS_KDD rows (default 50,000) and the per-epoch time is scaled up by rows,
 * which the output says; SKIP_CPU=1 leaves the cpu backend out. The wasm backend runs twice: with the Train node's
 * default step (one call a step into engine/models/native/mlp-step.wasm) and with the explicit step on tfjs-wasm
 * kernels it replaced; TAPE=1 adds the tfjs gradient tape step before that. `BEFORE=<commit>` also trains with
 * that commit's `engine/models` (extracted with git archive) in the same run, right after this tree's wasm step,
 * and says whether the two trained models are bit-identical.
 */
import { execSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataPlane, type DataPlane } from '../engine/data/data-plane.js';
import { fitPreprocessing } from '../engine/models/fit-preprocessing.js';
import { evaluateLoss, fitModel } from '../engine/models/fit.js';
import { buildNetwork } from '../engine/models/network.js';
import { encodeScaled } from '../engine/models/preprocessing.js';
import { readModelInputs } from '../engine/models/table-reader.js';
import { getTf, useBackendForBenchmark } from '../engine/models/tf-backend.js';
import { loadAdult, loadKdd } from '../nodes/testing/test-datasets.js';
import { reportResult } from './result.js';

const PYTHON = '/usr/bin/python3';
const EPOCHS = 5;
const BATCH = 256;
const CPU_ROWS_KDD = Number(process.env.CPU_ROWS_KDD ?? 50_000);
/** SKIP_CPU=1 leaves out the plain-JS backend (minutes on kdd). */
const SKIP_CPU = process.env.SKIP_CPU === '1';
/** TAPE=1 adds the tfjs gradient-tape step (the Train node's step before the explicit ones). */
const TAPE = process.env.TAPE === '1';
const BEFORE = process.env.BEFORE;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
type Fit = typeof fitModel;

/** The fitModel of another commit: its tree extracted next to this one's node_modules (the same tfjs). */
async function fitAt(commit: string, into: string): Promise<Fit> {
  execSync(`git archive ${commit} engine package.json | tar -x -C ${into}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(resolve(root, 'node_modules'), join(into, 'node_modules'));
  return ((await import(join(into, 'engine/models/fit.ts'))) as { fitModel: Fit }).fitModel;
}

interface Prepared {
  name: string;
  x: Float32Array;
  y: Float32Array;
  rows: number;
  width: number;
  classes: number;
  test?: { x: Float32Array; y: Float32Array; rows: number };
}

async function prepare(data: DataPlane, name: string, table: string, target: string, testTable?: string): Promise<Prepared> {
  const columns = await data.columns(table);
  const spec = await fitPreprocessing(
    data,
    table,
    columns.filter((c) => c.name !== target),
    columns.find((c) => c.name === target)!,
    'classification',
  );
  const read = async (t: string) => {
    const r = await readModelInputs(data, t, spec, { withTarget: true });
    return { x: encodeScaled(spec, r.raw), y: Float32Array.from(r.target!), rows: r.raw.rows };
  };
  const train = await read(table);
  return { name, ...train, width: spec.encodedNames.length, classes: spec.target.labels!.length, test: testTable ? await read(testTable) : undefined };
}

async function trainTfjs(
  full: Prepared,
  backend: 'wasm' | 'cpu',
  epochs: number,
  maxRows = full.rows,
  step: 'auto' | 'kernels' | 'tape' = 'auto',
  fit: Fit = fitModel,
) {
  await useBackendForBenchmark(backend);
  const rows = Math.min(maxRows, full.rows);
  const p = rows === full.rows ? full : { ...full, rows, x: full.x.subarray(0, rows * full.width), y: full.y.subarray(0, rows) };
  const { tf } = await getTf();
  // Warm-up on 32 batches with a throwaway model, so neither step pays the JIT's first runs in its figure.
  const warm = buildNetwork(tf, {
    kind: 'mlp',
    hidden: [64, 64],
    activation: 'relu',
    inputSize: p.width,
    outputSize: p.classes,
    task: 'classification',
    seed: 2,
  });
  const warmRows = Math.min(p.rows, 32 * BATCH);
  await fit({
    model: warm,
    task: 'classification',
    classes: p.classes,
    inputSize: p.width,
    train: { x: p.x.subarray(0, warmRows * p.width), y: p.y.subarray(0, warmRows), rows: warmRows },
    epochs: 1,
    batchSize: BATCH,
    optimizer: 'adam',
    learningRate: 0.001,
    l2: 0,
    dropout: 0,
    seed: 2,
    patience: 0,
    step,
  });
  warm.dispose();
  const model = buildNetwork(tf, {
    kind: 'mlp',
    hidden: [64, 64],
    activation: 'relu',
    inputSize: p.width,
    outputSize: p.classes,
    task: 'classification',
    seed: 1,
  });
  const stamps: number[] = [performance.now()];
  const cpu0 = process.cpuUsage();
  await fit({
    model,
    task: 'classification',
    classes: p.classes,
    inputSize: p.width,
    train: { x: p.x, y: p.y, rows: p.rows },
    epochs,
    batchSize: BATCH,
    optimizer: 'adam',
    learningRate: 0.001,
    l2: 0,
    dropout: 0,
    seed: 1,
    patience: 0,
    step,
    onEpochEnd: () => stamps.push(performance.now()),
  });
  const cpu = process.cpuUsage(cpu0);
  const perEpoch = ((stamps.at(-1)! - stamps[0]) / 1000 / epochs) * (full.rows / rows);
  const cpuPerEpoch = ((cpu.user + cpu.system) / 1e6 / epochs) * (full.rows / rows);
  const accuracy = p.test ? (await evaluateLoss(model, { task: 'classification', classes: p.classes, inputSize: p.width }, p.test)).accuracy : undefined;
  const weights = createHash('sha256');
  for (const w of model.getWeights()) weights.update(new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
  model.dispose();
  return { perEpoch, cpuPerEpoch, accuracy, weights: weights.digest('hex').slice(0, 16) };
}

const PY_SCRIPT = String.raw`
import json, sys, time, warnings
import numpy as np
path, rows, width, classes, epochs, batch, test_rows = sys.argv[1], *map(int, sys.argv[2:8])
x = np.fromfile(path + '.x', dtype=np.float32).reshape(rows, width)
y = np.fromfile(path + '.y', dtype=np.float32).astype(np.int64)
out = {}
if test_rows:
    tx = np.fromfile(path + '.tx', dtype=np.float32).reshape(test_rows, width)
    ty = np.fromfile(path + '.ty', dtype=np.float32).astype(np.int64)
try:
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(width, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, classes))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    t0, c0 = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        perm = torch.randperm(rows)
        for i in range(0, rows, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
    out['torch'] = {'perEpoch': (time.perf_counter() - t0) / epochs, 'cpuPerEpoch': (time.process_time() - c0) / epochs, 'version': torch.__version__}
    if test_rows:
        with torch.no_grad():
            out['torch']['accuracy'] = float((model(torch.from_numpy(tx)).argmax(1).numpy() == ty).mean())
except ImportError as e:
    out['torch'] = {'error': str(e)}
try:
    import sklearn
    from sklearn.neural_network import MLPClassifier
    warnings.filterwarnings('ignore')
    clf = MLPClassifier(hidden_layer_sizes=(64, 64), activation='relu', solver='adam', learning_rate_init=1e-3, batch_size=batch, max_iter=epochs, shuffle=True, random_state=1, tol=0, n_iter_no_change=epochs + 1)
    t0, c0 = time.perf_counter(), time.process_time()
    clf.fit(x, y)
    out['sklearn'] = {'perEpoch': (time.perf_counter() - t0) / clf.n_iter_, 'cpuPerEpoch': (time.process_time() - c0) / clf.n_iter_, 'version': sklearn.__version__}
    if test_rows:
        out['sklearn']['accuracy'] = float((clf.predict(tx) == ty).mean())
except ImportError as e:
    out['sklearn'] = {'error': str(e)}
print(json.dumps(out))
`;

function runPython(p: Prepared, dir: string): Record<string, { perEpoch?: number; cpuPerEpoch?: number; accuracy?: number; version?: string; error?: string }> {
  const base = join(dir, p.name);
  writeFileSync(`${base}.x`, p.x);
  writeFileSync(`${base}.y`, p.y);
  if (p.test) {
    writeFileSync(`${base}.tx`, p.test.x);
    writeFileSync(`${base}.ty`, p.test.y);
  }
  const args = ['-c', PY_SCRIPT, base, p.rows, p.width, p.classes, EPOCHS, BATCH, p.test?.rows ?? 0].map(String);
  const r = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { torch: { error: r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}` }, sklearn: { error: 'python failed' } };
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const fmt = (s?: number) => (s === undefined ? '-' : `${s.toFixed(3)} s`);
const acc = (a?: number) => (a === undefined ? '' : `, test accuracy ${a.toFixed(4)}`);

const data = await openDataPlane(':memory:');
const dir = mkdtempSync(join(tmpdir(), 'bench-mlp-'));
const beforeDir = BEFORE ? mkdtempSync(join(tmpdir(), 'bench-mlp-before-')) : undefined;
const beforeFit = BEFORE && beforeDir ? await fitAt(BEFORE, beforeDir) : undefined;
const { backend } = await getTf();
console.log(`TensorFlow.js ${backend.tfjsVersion}, default backend ${backend.label}; load average ${loadavg()[0].toFixed(1)}`);
try {
  await loadAdult(data, 'adult_train', 'adult-train.csv');
  await loadAdult(data, 'adult_test', 'adult-test.csv');
  await loadKdd(data, 'kdd');
  const sets = [await prepare(data, 'adult', 'adult_train', 'income', 'adult_test'), await prepare(data, 'kdd', 'kdd', 'label')];
  for (const p of sets) {
    console.log(`\n${p.name}: ${p.rows} rows x ${p.width} encoded features, ${p.classes} classes; MLP 64-64 ReLU, Adam, batch ${BATCH}`);
    const py = runPython(p, dir);
    const torch = py.torch?.perEpoch;
    const torchCpu = py.torch?.cpuPerEpoch;
    const rows: [string, number | undefined, string, number | undefined][] = [];
    const wasm = await trainTfjs(p, 'wasm', EPOCHS);
    rows.push(['tfjs wasm, wasm-kernel step', wasm.perEpoch, `${EPOCHS} epochs, wasm-step.ts${acc(wasm.accuracy)}`, wasm.cpuPerEpoch]);
    if (beforeFit) {
      const before = await trainTfjs(p, 'wasm', EPOCHS, p.rows, 'auto', beforeFit);
      const same = before.weights === wasm.weights ? 'bit-identical weights' : `weights differ (${before.weights} vs ${wasm.weights})`;
      rows.push([`  the same at ${BEFORE}`, before.perEpoch, `${EPOCHS} epochs${acc(before.accuracy)}; ${same}`, before.cpuPerEpoch]);
    }
    const kernels = await trainTfjs(p, 'wasm', EPOCHS, p.rows, 'kernels');
    rows.push(['tfjs wasm, tfjs-kernel step (before)', kernels.perEpoch, `${EPOCHS} epochs, fast-step.ts${acc(kernels.accuracy)}`, kernels.cpuPerEpoch]);
    if (TAPE) {
      const tape = await trainTfjs(p, 'wasm', EPOCHS, p.rows, 'tape');
      rows.push(['tfjs wasm, tape step', tape.perEpoch, `${EPOCHS} epochs, tfjs gradient tape + tfjs Adam${acc(tape.accuracy)}`, tape.cpuPerEpoch]);
    }
    if (!SKIP_CPU) {
      const partial = p.name === 'kdd' && CPU_ROWS_KDD < p.rows;
      const cpu = await trainTfjs(p, 'cpu', partial ? 1 : EPOCHS, partial ? CPU_ROWS_KDD : p.rows);
      rows.push([
        'tfjs cpu',
        cpu.perEpoch,
        partial ? `1 epoch on the first ${CPU_ROWS_KDD} rows, scaled to ${p.rows}` : `${EPOCHS} epochs${acc(cpu.accuracy)}`,
        cpu.cpuPerEpoch,
      ]);
    }
    rows.push([`PyTorch ${py.torch?.version ?? ''} (1 thread)`, torch, py.torch?.error ?? `${EPOCHS} epochs${acc(py.torch?.accuracy)}`, torchCpu]);
    rows.push([
      `scikit-learn ${py.sklearn?.version ?? ''} MLPClassifier`,
      py.sklearn?.perEpoch,
      py.sklearn?.error ?? `${EPOCHS} epochs${acc(py.sklearn?.accuracy)}`,
      py.sklearn?.cpuPerEpoch,
    ]);
    // Processor time as well as wall time: on a shared machine the wall-clock ratio moves with the load between runs.
    for (const [name, perEpoch, note, cpuPerEpoch] of rows) {
      const ratio = perEpoch !== undefined && torch ? ` = ${(perEpoch / torch).toFixed(2)}x PyTorch` : '';
      const cpuRatio = cpuPerEpoch !== undefined && torchCpu ? ` = ${(cpuPerEpoch / torchCpu).toFixed(2)}x` : '';
      console.log(`  ${name.padEnd(34)} ${fmt(perEpoch)} per epoch${ratio}; cpu ${fmt(cpuPerEpoch)}${cpuRatio} (${note})`);
    }
    reportResult({
      bench: 'train-mlp',
      figure: `${p.name} MLP 64-64, tfjs wasm, processor s per epoch`,
      value: wasm.cpuPerEpoch,
      unit: 's',
      better: 'lower',
      ...(torchCpu
        ? { reference: { name: `PyTorch ${py.torch?.version ?? ''} (1 thread)`, value: torchCpu } }
        : { referenceMissing: py.torch?.error ?? 'PyTorch not run' }),
      target: p.name === 'adult' ? { ratio: 1 / 1.5, text: 'at most 1.5x PyTorch' } : { ratio: 1, text: 'at most 1.0x PyTorch' },
    });
  }
} finally {
  data.close();
  rmSync(dir, { recursive: true, force: true });
  if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
}
