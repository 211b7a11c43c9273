/**
 * Graph checks stay linear and off the call stack: many parallel edges into one input, long chains
 * and reserved ids. Sizes are past the document limits on purpose: the checks must cope even when
 * a caller skips `parsePipeline` (the window validates documents it builds itself).
 */
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/schema.js';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { findCycles, topologicalLayers } from './graph-walk.js';
import { validateGraph } from './validate-graph.js';

/** `count` edges from `a` (source) into the single input of `b` (scale). */
function parallelEdges(count: number): PipelineDocument {
  const doc = makeDoc(
    [
      ['a', 'source'],
      ['b', 'scale'],
    ],
    [],
  );
  for (let i = 0; i < count; i++) doc.edges.push({ id: `e${i}`, source: { node: 'a', port: 'table' }, target: { node: 'b', port: 'table' } });
  return doc;
}

/** A chain a0 -> a1 -> ... of scale nodes behind one source. */
function chain(length: number): PipelineDocument {
  const nodes: [string, string][] = [['n0', 'source']];
  const edges: string[] = [];
  for (let i = 1; i < length; i++) {
    nodes.push([`n${i}`, 'scale']);
    edges.push(`n${i - 1}.table -> n${i}.table`);
  }
  return makeDoc(nodes, edges);
}

describe('many edges into one input', () => {
  it.each([20_000, 400_000])('%i edges: the extra ones are all accounted for, in 21 issues', (count) => {
    const issues = validateGraph(parallelEdges(count), fakeDefs);
    const extra = issues.filter((i) => i.code === 'INPUT_ALREADY_CONNECTED');
    // 20 listed one by one (so the canvas marks them), then one summary for the rest.
    expect(extra).toHaveLength(21);
    expect(extra.slice(0, 20).map((i) => i.edgeId)).toEqual(Array.from({ length: 20 }, (_, i) => `e${i + 1}`));
    const summary = extra[20].message.match(/besides the 20 listed, (\d+) more extra edges \((\d+) extra in all\), from edges\[21\] on/);
    expect(summary).not.toBeNull();
    expect(20 + Number(summary![1])).toBe(count - 1);
    expect(Number(summary![2])).toBe(count - 1);
    expect(extra[20].path).toBe('edges[21].target');
    expect(issues).toHaveLength(21);
  });

  it('two edges into one input still read as before: one issue on the second edge', () => {
    const issues = validateGraph(parallelEdges(2), fakeDefs);
    expect(issues.map((i) => [i.code, i.path, i.edgeId])).toEqual([['INPUT_ALREADY_CONNECTED', 'edges[1].target', 'e1']]);
  });
});

describe('long chains', () => {
  it('a chain of 50,000 nodes has 50,000 layers, in order, and no cycle (no recursion, no rescans)', () => {
    const doc = chain(50_000);
    const layers = topologicalLayers(doc);
    expect(layers).toHaveLength(50_000);
    expect(layers[49_999]).toEqual(['n49999']);
    expect(findCycles(doc)).toEqual([]);
    expect(validateGraph(doc, fakeDefs)).toEqual([]);
  });

  it('closing that chain into a ring finds the one cycle of 49,999 scale nodes', () => {
    const doc = chain(50_000);
    doc.edges.push({ id: 'back', source: { node: 'n49999', port: 'table' }, target: { node: 'n1', port: 'table' } });
    const cycles = findCycles(doc);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(49_999);
    expect(cycles[0][0]).toBe('n1');
  });

  it('layers keep document order within a layer', () => {
    const doc = makeDoc(
      [
        ['z', 'source'],
        ['c', 'scale'],
        ['b', 'scale'],
        ['a', 'scale'],
      ],
      ['z.table -> a.table', 'z.table -> b.table', 'z.table -> c.table'],
    );
    expect(topologicalLayers(doc)).toEqual([['z'], ['c', 'b', 'a']]);
  });
});

describe('reserved node ids', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])('"%s" is refused, naming the id and the path', (id) => {
    const doc = makeDoc([[id, 'source']], []);
    const issues = validateGraph(doc, fakeDefs);
    expect(issues.map((i) => [i.code, i.path, i.nodeId])).toEqual([['RESERVED_ID', 'nodes[0].id', id]]);
    expect(issues[0].message).toContain(`node id "${id}" is a reserved word`);
  });

  it('ordinary ids that merely contain those words pass', () => {
    expect(validateGraph(makeDoc([['my_constructor', 'source']], []), fakeDefs)).toEqual([]);
  });
});

describe('many issues on one node', () => {
  it('300,000 unknown params come back as 300,000 warnings (the list is not spread into push)', () => {
    const doc = makeDoc([['a', 'source']], []);
    const params: Record<string, unknown> = {};
    for (let i = 0; i < 300_000; i++) params[`p${i}`] = i;
    doc.nodes[0].params = params;
    const issues = validateGraph(doc, fakeDefs);
    expect(issues).toHaveLength(300_000);
    expect(issues.every((i) => i.code === 'UNKNOWN_PARAM')).toBe(true);
  });
});
