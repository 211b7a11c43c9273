/**
 * The sample picture from the document: positions scaled into the box, stage per node type, edges
 * between the cards' sides. Expected figures are worked by hand in the comments; the gallery test
 * reads every real sample file.
 */
import { describe, expect, it } from 'vitest';
import { nodeDefs } from '../../nodes/defs.js';
import { firstSentence, previewShape } from './preview-shape.js';

const stages = new Map(nodeDefs.map((d) => [d.type, d.stage]));
const stageOf = (type: string) => stages.get(type);

describe('previewShape', () => {
  it('scales two cards and their edge into the box', () => {
    // Span x: -40 .. 280+210+40 = 570; span y: -40 .. 0+72+40 = 152. Box 285 x 152: scale min(0.5, 1) = 0.5,
    // the graph is 285 x 76, centred: offset y (152-76)/2 = 38. A: (40*0.5, 38+40*0.5) = (20, 58), 105 x 36.
    // B: x (280+40)*0.5 = 160. Edge from A's right middle (125, 76) to B's left middle (160, 76), bend 35/2 = 17.5.
    const shape = previewShape(
      {
        nodes: [
          { id: 'a', type: 'import-dataset', x: 0, y: 0 },
          { id: 'b', type: 'train', x: 280, y: 0 },
        ],
        edges: [{ source: 'a', target: 'b' }],
      },
      stageOf,
      285,
      152,
    );
    expect(shape.boxes).toEqual([
      { id: 'a', x: 20, y: 58, w: 105, h: 36, stage: 'prepare' },
      { id: 'b', x: 160, y: 58, w: 105, h: 36, stage: 'train' },
    ]);
    expect(shape.curves).toEqual(['M125,76 C142.5,76 142.5,76 160,76']);
  });

  it('draws an unknown type without a stage and skips an edge to a missing node', () => {
    const shape = previewShape({ nodes: [{ id: 'x', type: 'no-such-type', x: 10, y: 10 }], edges: [{ source: 'x', target: 'gone' }] }, stageOf, 100, 100);
    expect(shape.boxes).toHaveLength(1);
    expect(shape.boxes[0].stage).toBeUndefined();
    expect(shape.curves).toEqual([]);
  });
});

describe('firstSentence', () => {
  it('stops at the first full stop followed by a capital, not inside "e.g." or a number', () => {
    expect(firstSentence('Train it (accuracy at least 0.8, e.g. on adult). Then evaluate.')).toBe('Train it (accuracy at least 0.8, e.g. on adult).');
    expect(firstSentence('One line without a stop')).toBe('One line without a stop');
    expect(firstSentence('Import the iris flowers,\n remove the duplicate.')).toBe('Import the iris flowers, remove the duplicate.');
  });
});
