import { describe, expect, it } from 'vitest';
import { labelRows, leastConfidentFirst } from './label-rows.js';

describe('label rows', () => {
  const names = ['text', 'label', 'predicted_label', 'probability_pos', 'probability_neg'];
  const rows = [
    ['good', 'pos', 'pos', 0.9, 0.1],
    ['meh', null, 'neg', 0.45, 0.55],
    ['bad', 'neg', 'neg', 0.2, 0.8],
    ['odd', null, null, null, null],
  ];

  it('reads the prediction and its confidence (the highest probability) of a scored table', () => {
    const read = labelRows(names, rows, 'label');
    expect(read.map((r) => [r.prediction, r.confidence])).toEqual([
      ['pos', 0.9],
      ['neg', 0.55],
      ['neg', 0.8],
      [undefined, undefined],
    ]);
  });

  it('orders least confident first, unscored rows last', () => {
    expect(leastConfidentFirst(labelRows(names, rows, 'label')).map((r) => r.cells[0])).toEqual(['meh', 'bad', 'good', 'odd']);
  });

  it('keys rows by content alone: the label and the scores do not change a key', () => {
    const plain = labelRows(['text'], [['good'], ['meh']], 'label');
    const scored = labelRows(names, rows, 'label');
    expect(scored.slice(0, 2).map((r) => r.key)).toEqual(plain.map((r) => r.key));
    expect(new Set(scored.map((r) => r.key)).size).toBe(4);
  });
});
