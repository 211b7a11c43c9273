/**
 * The semantic diff of two pipeline versions (engine/document/diff.ts) on a shipped sample with the
 * real node catalogue: every expected line is written by hand from the sample file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPipelines, summarizeChanges } from '../engine/document/diff.js';
import { parsePipeline } from '../engine/document/parse.js';
import type { PipelineDocument } from '../engine/document/schema.js';
import { nodeDefs } from '../nodes/defs.js';
import { ROOT } from './testing/cli-harness.js';

const defs = new Map(nodeDefs.map((d) => [d.type, d]));
const defOf = (type: string) => defs.get(type);

function sample(): PipelineDocument {
  const { document } = parsePipeline(readFileSync(join(ROOT, 'pipelines-samples', 'adult-train-evaluate.pipeline.json'), 'utf8'));
  if (!document) throw new Error('the adult sample does not parse');
  return document;
}

const withNode = (doc: PipelineDocument, id: string, f: (params: Record<string, unknown>) => Record<string, unknown>): PipelineDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: f(n.params) } : n)),
});

describe('diffPipelines', () => {
  it('reads a param change, a node added and an edge removed in the app’s terms', () => {
    const v1 = withNode(sample(), 'train', (p) => ({ ...p, epochs: 10 }));
    const v2base = withNode(v1, 'train', (p) => ({ ...p, epochs: 20 }));
    const v2: PipelineDocument = {
      ...v2base,
      nodes: [...v2base.nodes, { id: 'package', type: 'package-model', typeVersion: 1, label: 'Package', params: {}, position: { x: 900, y: 0 } }],
      edges: v2base.edges.filter((e) => e.id !== 'train-model--goals-model'),
    };
    // By hand from the sample: node "train" is labelled "Train MLP", "goals" is "Business goals";
    // the Train def labels epochs "Epochs", the Package model def's title is "Package model".
    expect(diffPipelines(v1, v2, defOf).map((c) => c.text)).toEqual([
      'Added node "Package" (Package model)',
      'Train MLP: Epochs 10 -> 20',
      'Removed edge Train MLP.model -> Business goals.model',
    ]);
    expect(summarizeChanges(diffPipelines(v1, v2, defOf))).toBe('1 node added, 1 param changed, 1 edge removed');
    // Backwards, each change turns round.
    expect(diffPipelines(v2, v1, defOf).map((c) => c.text)).toEqual([
      'Removed node "Package" (Package model)',
      'Train MLP: Epochs 20 -> 10',
      'Added edge Train MLP.model -> Business goals.model',
    ]);
  });

  it('finds nothing between a document and itself, nor for the viewport, key order, a default written down or a wire drawn again', () => {
    const doc = sample();
    expect(diffPipelines(doc, structuredClone(doc), defOf)).toEqual([]);
    const shuffled: PipelineDocument = {
      ...doc,
      viewport: { x: 10, y: 20, zoom: 2 },
      // Train's def default for batchSize is 256, which the sample already names; learningRate's default written both ways.
      nodes: doc.nodes.map((n) =>
        n.id === 'score' ? { ...n, params: { ...n.params } } : { ...n, params: Object.fromEntries(Object.entries(n.params).reverse()) },
      ),
      edges: doc.edges.map((e) => ({ ...e, id: `${e.id}-again` })),
    };
    expect(diffPipelines(doc, shuffled, defOf)).toEqual([]);
    const noEpochs = withNode(doc, 'train', (p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'epochs')));
    // Left out, epochs reads as its default 10 (network-params.ts); the sample says 5.
    expect(diffPipelines(doc, noEpochs, defOf).map((c) => c.text)).toEqual(['Train MLP: Epochs 5 -> 10']);
  });

  it('groups moves into one line, names renames, and quotes text params', () => {
    const doc = sample();
    const next: PipelineDocument = {
      ...doc,
      nodes: doc.nodes.map((n) => {
        if (n.id === 'split')
          return { ...n, label: 'Holdout split', params: { ...n.params, stratify: 'sex' }, position: { x: n.position.x + 40, y: n.position.y } };
        if (n.id === 'clean' || n.id === 'score') return { ...n, position: { x: n.position.x, y: n.position.y + 10 } };
        return n;
      }),
    };
    const split = defOf('split')!;
    const stratifyLabel = split.params.stratify.label;
    expect(diffPipelines(doc, next, defOf).map((c) => c.text)).toEqual([
      'Renamed node "Train / test" to "Holdout split"',
      `Holdout split: ${stratifyLabel} "income" -> "sex"`,
      'Moved 3 nodes',
    ]);
    expect(summarizeChanges(diffPipelines(doc, next, defOf))).toBe('1 node renamed, 1 param changed, layout changed');
  });

  it('reads triggers added, switched off and removed', () => {
    const doc = sample();
    const v1: PipelineDocument = {
      ...doc,
      triggers: [
        { id: 'nightly', kind: 'schedule', enabled: true, cron: '0 3 * * *' },
        { id: 'inbox', kind: 'watch-folder', enabled: true, folder: 'incoming', importNode: 'import' },
      ],
    };
    const v2: PipelineDocument = {
      ...doc,
      triggers: [
        { id: 'nightly', kind: 'schedule', enabled: false, cron: '0 4 * * *', label: 'Nightly' },
        { id: 'weekly', kind: 'schedule', enabled: true, cron: '0 3 * * 1' },
      ],
    };
    expect(diffPipelines(v1, v2, defOf).map((c) => c.text)).toEqual([
      'Removed trigger "inbox" (watch-folder)',
      'Trigger "Nightly": turned off, label (unset) -> "Nightly", cron "0 3 * * *" -> "0 4 * * *"',
      'Added trigger "weekly" (schedule)',
    ]);
  });
});
