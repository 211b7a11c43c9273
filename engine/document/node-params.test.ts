import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { validateGraph } from '../graph/validate-graph.js';
import { relativizePaths, resolveParamPath, toStoredPath, upgradeNodeParams } from './node-params.js';
import { parsePipeline } from './parse.js';

describe('upgradeNodeParams', () => {
  it('runs the node type migration from the saved typeVersion (v0 fixture: source v1 stored `count`)', () => {
    const text = readFileSync(new URL('./fixtures/v0-pipeline.json', import.meta.url), 'utf8');
    const parsed = parsePipeline(text).document!;
    expect(parsed.nodes[0]).toMatchObject({ typeVersion: 1, params: { count: 25 } });
    const { document, issues } = upgradeNodeParams(parsed, fakeDefs);
    expect(document.nodes[0]).toMatchObject({ typeVersion: 2, params: { rows: 25 } });
    expect(document.nodes[0].params).not.toHaveProperty('count');
    expect(issues).toEqual([
      {
        code: 'PARAMS_MIGRATED',
        path: 'nodes[0].typeVersion',
        nodeId: 'load',
        severity: 'warning',
        message: 'params of "test.source" upgraded from typeVersion 1 to 2',
      },
    ]);
    // The original stays untouched and the upgraded one passes the graph checks.
    expect(parsed.nodes[0].params).toEqual({ count: 25 });
    expect(validateGraph(document, fakeDefs)).toEqual([]);
  });
});

describe('paths relative to the pipeline file', () => {
  const dir = resolve('/home/ana/pipes');
  it('stores file params inside the pipeline folder relative (POSIX separators), outside it absolute, and leaves other params alone', () => {
    const doc = makeDoc(
      [
        ['a', 'source', { path: join(dir, 'data', 'iris.csv'), rows: 5 }],
        ['b', 'source', { path: resolve('/srv/shared/x.csv') }],
      ],
      [],
    );
    const out = relativizePaths(doc, fakeDefs, dir);
    expect(out.nodes[0].params).toEqual({ path: 'data/iris.csv', rows: 5 });
    // Outside the folder: a relative path would climb out of it and break when the folder is shared.
    expect(out.nodes[1].params.path).toBe(resolve('/srv/shared/x.csv'));
    expect(toStoredPath(resolve('/home/ana/x.csv'), dir)).toBe(resolve('/home/ana/x.csv'));
    expect(toStoredPath(resolve('/home/ana/pipes2/x.csv'), dir)).toBe(resolve('/home/ana/pipes2/x.csv'));
    expect(toStoredPath(join(dir, '..pipes', 'x.csv'), dir)).toBe('..pipes/x.csv');
    expect(doc.nodes[0].params.path).toBe(join(dir, 'data', 'iris.csv'));
    expect(toStoredPath('data\\x.csv'.replaceAll('\\', '/'), dir)).toBe('data/x.csv');
  });

  it('resolves stored paths against the pipeline folder, or the current folder when unsaved', () => {
    expect(resolveParamPath('data/iris.csv', dir)).toBe(join(dir, 'data', 'iris.csv'));
    expect(resolveParamPath('../x.csv', dir)).toBe(resolve('/home/ana/x.csv'));
    expect(resolveParamPath('/abs/y.csv', dir)).toBe('/abs/y.csv');
    expect(resolveParamPath('z.csv', undefined)).toBe(join(process.cwd(), 'z.csv'));
  });
});
