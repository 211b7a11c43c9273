import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../engine-types.js';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { checkPipeline } from './check-pipeline.js';
import { canRun, validateGraph } from './validate-graph.js';

const brief = (issues: ValidationIssue[]) => issues.map((i) => `${i.code} ${i.path} [${i.nodeId ?? ''}|${i.edgeId ?? ''}] ${i.message}`);

describe('validateGraph', () => {
  it('passes a well-formed chain', () => {
    const doc = makeDoc(
      [
        ['a', 'source'],
        ['b', 'scale'],
        ['c', 'sum'],
      ],
      ['a.table -> b.table', 'b.table -> c.table'],
    );
    expect(validateGraph(doc, fakeDefs)).toEqual([]);
  });

  it('reports an unknown type with a suggestion, duplicate ids, and a node type from the future', () => {
    const doc = makeDoc(
      [
        ['a', 'source'],
        ['a', 'sum'],
        ['c', 'scael'],
      ],
      [],
    );
    doc.nodes[0].typeVersion = 7;
    doc.edges.push({ id: 'x', source: { node: 'a', port: 'table' }, target: { node: 'a', port: 'table' } });
    doc.edges.push({ id: 'x', source: { node: 'a', port: 'table' }, target: { node: 'c', port: 'table' } });
    expect(brief(validateGraph(doc, fakeDefs))).toEqual([
      'NODE_TYPE_VERSION_NEWER nodes[0].typeVersion [a|] "test.source" was saved by typeVersion 7, newer than this app knows (2); update Lifecycle Studio',
      'DUPLICATE_NODE_ID nodes[1].id [a|] node id "a" is used more than once; every node needs its own id',
      'UNKNOWN_NODE_TYPE nodes[2].type [c|] unknown node type "test.scael"; did you mean "test.scale"?',
      'EDGE_UNKNOWN_PORT edges[0].target.port [a|x] node "a" has no input port "table" (it has no inputs)',
      'SELF_LOOP edges[0] [a|x] node "a" is connected to itself',
      'DUPLICATE_EDGE_ID edges[1].id [c|x] edge id "x" is used more than once; every edge needs its own id',
    ]);
  });

  it('reports edges to unknown nodes and ports, kind mismatches with both kinds, two wires into one input, missing inputs', () => {
    const doc = makeDoc(
      [
        ['a', 'source'],
        ['b', 'source'],
        ['s', 'sum'],
        ['m', 'model-sink'],
        ['g', 'gate'],
        ['k', 'scale'],
      ],
      ['a.table -> s.table', 'b.table -> s.table', 'a.table -> m.model', 'ghost.table -> g.metrics', 'a.nope -> k.table'],
    );
    expect(brief(validateGraph(doc, fakeDefs))).toEqual([
      'PORT_KIND_MISMATCH edges[2] [m|e3] a table output cannot feed a model input ("a".table -> "m".model)',
      'EDGE_UNKNOWN_NODE edges[3].source.node [|e4] the edge\'s source node "ghost" does not exist',
      'EDGE_UNKNOWN_PORT edges[4].source.port [a|e5] node "a" has no output port "nope" (it has "table")',
      'INPUT_ALREADY_CONNECTED edges[1].target [s|e2] input "table" of node "s" has 2 edges into it; an input takes exactly one, remove the extra ones',
    ]);
    const codes = validateGraph(doc, fakeDefs).map((i) => i.code);
    expect(codes.filter((c) => c === 'MISSING_REQUIRED_INPUT')).toHaveLength(0);
    const missing = makeDoc(
      [
        ['s', 'sum'],
        ['g', 'gate'],
      ],
      [],
    );
    expect(brief(validateGraph(missing, fakeDefs))).toEqual([
      'MISSING_REQUIRED_INPUT nodes[0] [s|] node "s" needs its input "table" (a table) connected',
      'MISSING_REQUIRED_INPUT nodes[1] [g|] node "g" needs its input "metrics" (a metrics) connected',
    ]);
  });

  it('names the nodes of a cycle in order', () => {
    const doc = makeDoc(
      [
        ['src', 'source'],
        ['x', 'scale'],
        ['y', 'scale'],
        ['z', 'scale'],
      ],
      ['x.table -> y.table', 'y.table -> z.table', 'z.table -> x.table'],
    );
    const cycles = validateGraph(doc, fakeDefs).filter((i) => i.code === 'CYCLE');
    expect(brief(cycles)).toEqual(['CYCLE nodes[1] [x|] these nodes form a cycle: "x" -> "y" -> "z" -> "x"; remove one of the edges']);
    expect(canRun(cycles)).toBe(false);
  });

  it('checks params from the node defs, by JSON path', () => {
    const doc = makeDoc(
      [
        ['a', 'source', { rows: 2.5, path: 'x.txt', extra: 1 }],
        ['b', 'scale', { factor: '0,8', mode: 'add' }],
      ],
      ['a.table -> b.table'],
    );
    expect(brief(validateGraph(doc, fakeDefs))).toEqual([
      'UNKNOWN_PARAM nodes[0].params.extra [a|] "extra" is not a param of "test.source" and is ignored',
      'PARAM_INVALID nodes[0].params.rows [a|] expected a whole number between 1 and 1000000, got 2.5',
      'PARAM_INVALID nodes[0].params.path [a|] expected a file ending in .csv, got "x.txt"',
      'PARAM_INVALID nodes[1].params.factor [b|] expected a number between 0 and 100, got "0,8"',
      'PARAM_INVALID nodes[1].params.note [b|] Note is required: choose a value',
    ]);
    expect(
      validateGraph(doc, fakeDefs)
        .filter((i) => i.severity === 'warning')
        .map((i) => i.path),
    ).toEqual(['nodes[0].params.extra', 'nodes[0].params.path']);
  });

  it('checkPipeline chains parsing, param upgrades and graph checks', () => {
    const doc = makeDoc([['a', 'source', { count: 3 }]], []);
    doc.nodes[0].typeVersion = 1;
    const { document, issues } = checkPipeline(doc, fakeDefs);
    expect(document?.nodes[0].params).toEqual({ rows: 3 });
    expect(issues.map((i) => i.code)).toEqual(['PARAMS_MIGRATED']);
  });
});
