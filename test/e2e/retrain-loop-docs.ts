/**
 * Data and pipelines for retrain-loop.spec.ts: headerless adult CSVs cut by python3 (so the rows are
 * read independently of the app), the boot pipeline that trains, gates, registers and deploys v1,
 * and the shipped retrain sample with its gate moved onto a fixed held-out file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR, SHARED_DATA_DIR } from './paths.js';

/**
 * Writes adult-train data lines `from`..`to` (1-based) without a header, as the sample's import reads
 * them: spaces stripped; `swap-labels` flips the income; `complete` drops rows with a "?".
 */
export function adultCsv(from: number, to: number, dest: string, how: 'none' | 'swap-labels' | 'complete' = 'none'): void {
  const script = `
import csv, sys
src, a, b, dest, how = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = [r for r in csv.reader(open(src)) if len(r) == 15]
out = csv.writer(open(dest, 'w', newline=''))
for r in rows[a - 1:b]:
    r = [x.strip() for x in r]
    if how == 'complete' and '?' in r: continue
    if how == 'swap-labels': r[14] = '>50K' if r[14] == '<=50K' else '<=50K'
    out.writerow(r)
`;
  const r = spawnSync('python3', ['-c', script, join(SHARED_DATA_DIR, 'adult-train.csv'), String(from), String(to), dest, how], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 could not write ${dest}: ${r.stderr}`);
}

type Doc = {
  format?: unknown;
  schemaVersion?: unknown;
  id: string;
  name: string;
  description?: string;
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  triggers?: unknown[];
};
const edge = (from: string, to: string) => {
  const [sn, sp] = from.split(':');
  const [tn, tp] = to.split(':');
  return { id: `${sn}-${sp}--${tn}-${tp}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};

/** The shipped retrain sample, its import reading `path` (the trigger swaps in each dropped file). */
function sample(): Doc {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, 'adult-retrain.pipeline.json'), 'utf8')) as Doc;
}

/**
 * The retrain sample, but both models are scored on one fixed held-out file instead of the new file's
 * own test split: with the split, a batch with swapped labels scores the champion low on its own
 * (wrong) labels and the garbled challenger would win the gate.
 */
export function retrainDoc(): Doc {
  const doc = sample();
  const importNode = doc.nodes.find((n) => n.id === 'import') as { params: Record<string, unknown> };
  importNode.params.path = 'v1.csv';
  // The sample scores both models on a fixed holdout import; here it reads this test's own held-out rows.
  const holdout = doc.nodes.find((n) => n.id === 'holdout') as { params: Record<string, unknown> };
  holdout.params.path = 'holdout.csv';
  return doc;
}

/**
 * v1: one epoch with small steps on 3,000 rows (deliberately undertrained, so a challenger on new
 * rows beats it), gated, registered in production and deployed. It shares the retrain pipeline's id
 * and Deploy node id, so both Deploy nodes are one owner and a new version swaps into the same service.
 */
export function bootDoc(): Doc {
  const base = sample();
  const importNode = base.nodes.find((n) => n.id === 'import') as { params: Record<string, unknown> };
  const at = (x: number, y: number) => ({ position: { x, y } });
  const node = (id: string, type: string, params: Record<string, unknown>, x: number, y: number) => ({ id, type, typeVersion: 1, params, ...at(x, y) });
  return {
    format: base.format,
    schemaVersion: base.schemaVersion,
    id: base.id,
    name: 'Adult income: serve v1',
    description: 'Trains and serves the first production version.',
    nodes: [
      node('import', 'import-dataset', { ...importNode.params, path: 'v1.csv' }, 0, 0),
      node('train', 'train', { target: 'income', model: 'linear', epochs: 1, learningRate: 0.001, batchSize: 64, seed: 7 }, 280, 0),
      node('holdout', 'import-dataset', { ...importNode.params, path: 'holdout.csv' }, 280, 200),
      node('score', 'score', {}, 560, 0),
      node('evaluate', 'evaluate', { target: 'income' }, 840, 0),
      node('goals', 'validate-goals', { rules: [{ metric: 'accuracy', comparison: 'at-least', threshold: 0.5 }] }, 1120, 0),
      { ...node('package', 'package-model', { name: 'adult-income', stage: 'production' }, 1400, 0), typeVersion: 3 },
      node('deploy', 'deploy', {}, 1680, 0),
    ],
    edges: [
      edge('import:table', 'train:train'),
      edge('train:model', 'score:model'),
      edge('holdout:table', 'score:table'),
      edge('score:table', 'evaluate:scored'),
      edge('evaluate:metrics', 'goals:metrics'),
      edge('train:model', 'package:model'),
      edge('goals:report', 'package:report'),
      edge('evaluate:metrics', 'package:metrics'),
      edge('package:model', 'deploy:model'),
    ],
  };
}

export function writeDoc(path: string, doc: Doc): string {
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}
