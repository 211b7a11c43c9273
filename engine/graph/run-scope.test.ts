import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../engine-types.js';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { targetNodes } from './graph-walk.js';
import { runnableNodes, scopeIssues } from './run-scope.js';
import { validateGraph } from './validate-graph.js';

// a -> b -> c (c's factor is out of range); x is fed by a wire from a port "a" does not have.
const doc = makeDoc(
  [
    ['a', 'source'],
    ['b', 'scale'],
    ['c', 'scale', { factor: 500 }],
    ['x', 'scale'],
  ],
  ['a.table -> b.table', 'b.table -> c.table', 'a.nope -> x.table'],
);
const issues = validateGraph(doc, fakeDefs);
const codes = (list: ValidationIssue[]) => list.map((i) => `${i.code}@${i.nodeId}`).sort();

describe('which problems stop which run', () => {
  it('a node problem stops only the runs that cover the node; a broken wire belongs to the node it feeds', () => {
    expect(codes(issues)).toEqual(['EDGE_UNKNOWN_PORT@a', 'PARAM_INVALID@c']);
    const onB = scopeIssues(issues, doc, targetNodes(doc, { mode: 'node', nodeId: 'b' }));
    expect(onB.blocking).toEqual([]);
    expect(onB.outside.map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(codes(scopeIssues(issues, doc, targetNodes(doc, { mode: 'from', nodeId: 'b' })).blocking)).toEqual(['PARAM_INVALID@c']);
    expect(codes(scopeIssues(issues, doc, targetNodes(doc, { mode: 'node', nodeId: 'x' })).blocking)).toEqual(['EDGE_UNKNOWN_PORT@a']);
  });

  it('a problem it does not know as a node problem stops every run', () => {
    const odd: ValidationIssue = { code: 'DOCUMENT_TOO_LARGE', path: 'nodes', message: 'too many nodes', severity: 'error', nodeId: 'c' };
    expect(scopeIssues([odd], doc, new Set(['a'])).blocking).toEqual([odd]);
    expect(runnableNodes([odd], doc)).toBeUndefined();
  });

  it('plans around broken nodes and what they feed', () => {
    expect([...runnableNodes(issues, doc)!].sort()).toEqual(['a', 'b']);
  });
});
