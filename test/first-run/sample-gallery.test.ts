/**
 * The samples gallery on the real pipelines-samples folder: every file a card (counted by readdir),
 * each drawn with one box per node and one curve per edge, each with a description to take its sentence from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDefs } from '../../nodes/defs.js';
import { listSampleCards } from '../../hosts/shared/first-run-handlers.js';
import { listSampleFiles } from '../../hosts/shared/pipeline-files.js';
import { SAMPLE_ORDER } from '../../hosts/shared/sample-order.js';
import { previewShape } from '../../renderer/start/preview-shape.js';

const stages = new Map(nodeDefs.map((d) => [d.type, d.stage]));
const stageOf = (type: string) => stages.get(type);

describe('listSampleCards', () => {
  it('draws every shipped sample: one box per node, one curve per edge, all inside the box', async () => {
    const dir = join(import.meta.dirname, '../../pipelines-samples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pipeline.json'));
    const cards = await listSampleCards(dir);
    expect(cards).toHaveLength(files.length);
    for (const card of cards) {
      const doc = JSON.parse(readFileSync(card.path, 'utf8')) as { nodes: unknown[]; edges: unknown[]; description?: string };
      const shape = previewShape(card, stageOf, 240, 120);
      expect(shape.boxes, card.name).toHaveLength(doc.nodes.length);
      expect(shape.curves, card.name).toHaveLength(doc.edges.length);
      expect(shape.boxes.every((b) => b.stage !== undefined && b.x >= 0 && b.y >= 0 && b.x + b.w <= 240.1 && b.y + b.h <= 120.1)).toBe(true);
      expect(doc.description, `${card.name} needs a description (the gallery's sentence)`).toBeTruthy();
    }
  });

  it('shows the quick start first, then the learning path of sample-order.ts; the samples list agrees', async () => {
    const dir = join(import.meta.dirname, '../../pipelines-samples');
    const cards = await listSampleCards(dir);
    expect(cards[0].name).toBe('Penguins: quick start');
    const file = (path: string) => path.replace(/^.*[\\/]/, '').replace(/\.pipeline\.json$/, '');
    expect(cards.map((c) => file(c.path))).toEqual(SAMPLE_ORDER);
    expect((await listSampleFiles(dir)).map((s) => s.path)).toEqual(cards.map((c) => c.path));
  });
});
