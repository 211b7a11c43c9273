import { describe, expect, it } from 'vitest';
import { makeDoc } from '../testing/fake-nodes.fixture.js';
import { findCycles, targetNodes, topologicalLayers } from './graph-walk.js';
import { suggestNames } from './suggest.js';

// a -> b -> d, a -> c -> d, d -> e; f stands alone.
const diamond = makeDoc(
  [
    ['e', 'sum'],
    ['d', 'scale'],
    ['c', 'scale'],
    ['b', 'scale'],
    ['a', 'source'],
    ['f', 'source'],
  ],
  ['a.table -> b.table', 'a.table -> c.table', 'b.table -> d.table', 'c.table -> d.table', 'd.table -> e.table'],
);

describe('graph walks', () => {
  it('orders nodes in Kahn layers, keeping document order inside a layer', () => {
    expect(topologicalLayers(diamond)).toEqual([['a', 'f'], ['c', 'b'], ['d'], ['e']]);
  });

  it('selects what a run target covers', () => {
    const sorted = (s: Set<string>) => [...s].sort();
    expect(sorted(targetNodes(diamond, { mode: 'all' }))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(sorted(targetNodes(diamond, { mode: 'node', nodeId: 'd' }))).toEqual(['a', 'b', 'c', 'd']);
    // From b: b's upstream (a), b's downstream (d, e), and what those need (c).
    expect(sorted(targetNodes(diamond, { mode: 'from', nodeId: 'b' }))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(topologicalLayers(diamond, targetNodes(diamond, { mode: 'node', nodeId: 'b' }))).toEqual([['a'], ['b']]);
  });

  it('finds cycles with their nodes in edge order and leaves them out of the layers', () => {
    const doc = makeDoc(
      [
        ['a', 'source'],
        ['b', 'scale'],
        ['c', 'scale'],
        ['d', 'scale'],
      ],
      ['a.table -> b.table', 'b.table -> c.table', 'c.table -> d.table', 'd.table -> b.table'],
    );
    expect(findCycles(doc)).toEqual([['b', 'c', 'd']]);
    expect(topologicalLayers(doc)).toEqual([['a']]);
    expect(findCycles(diamond)).toEqual([]);
  });

  it('suggests close type names', () => {
    expect(suggestNames('spilt', ['split', 'clean', 'sql-transform'])).toEqual(['split']);
    expect(suggestNames('import', ['import-dataset', 'clean'])).toEqual(['import-dataset']);
    expect(suggestNames('zzzz', ['split', 'clean'])).toEqual([]);
  });
});
