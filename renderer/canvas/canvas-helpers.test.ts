import { describe, expect, it } from 'vitest';
import { nodeDefs } from '../../nodes/defs.js';
import { testDefs } from '../testing/sample-defs.js';
import { findCsvImporter, previewCsv } from './csv-drop.js';
import { layoutPositions } from './auto-layout.js';
import { paletteGroups } from '../palette/palette-groups.js';
import { paramSummary } from './param-summary.js';
import { emptyDocument, addNode, connect } from '../store/document-ops.js';

describe('CSV drop', () => {
  it('finds the CSV importer from the defs, not by name', () => {
    expect(findCsvImporter(testDefs)).toMatchObject({ def: { type: 'test-import' }, param: 'path' });
    expect(findCsvImporter(testDefs.filter((d) => d.type !== 'test-import'))).toBeUndefined();
    // The real catalogue has one too (import-dataset), whatever its param is called.
    expect(findCsvImporter(nodeDefs)?.def.inputs).toEqual([]);
  });

  it('previews the first rows with papaparse, header apart, at most 20 rows', () => {
    // The first lines of shared/data/iris.csv (`head -4`), then 40 more copies of a data row.
    const text = [
      'sepal_length,sepal_width,petal_length,petal_width,species',
      '5.1,3.5,1.4,0.2,setosa',
      '4.9,3.0,1.4,0.2,setosa',
      '4.7,3.2,1.3,0.2,setosa',
      ...Array(40).fill('6.3,3.3,6.0,2.5,virginica'),
      '',
    ].join('\r\n');
    const preview = previewCsv(text, 'iris.csv');
    expect(preview.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(preview.rows[1]).toEqual(['4.9', '3.0', '1.4', '0.2', 'setosa']);
    expect(preview.rows).toHaveLength(20);
    expect(preview.errors).toEqual([]);
  });

  it('drops a half line cut off by the preview window', () => {
    const preview = previewCsv('a,b\n1,2\n3,4\n5,', 'cut.csv', true);
    expect(preview.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('auto-layout', () => {
  it('lays a chain out left to right in layers, starting where the graph was', async () => {
    const defs = new Map(testDefs.map((d) => [d.type, d]));
    const [d1, c] = addNode(emptyDocument(), defs.get('test-evaluate')!, { x: 100, y: 400 });
    const [d2, b] = addNode(d1, defs.get('test-train')!, { x: 50, y: 300 });
    const [d3, a] = addNode(d2, defs.get('test-import')!, { x: 500, y: 200 });
    const [d4] = connect(d3, { node: a, port: 'table' }, { node: b, port: 'train' });
    const [d5] = connect(d4, { node: b, port: 'model' }, { node: c, port: 'model' });
    const [doc] = connect(d5, { node: a, port: 'table' }, { node: c, port: 'test' });
    const p = await layoutPositions(doc, defs);
    expect(p.get(a)!.x).toBeLessThan(p.get(b)!.x);
    expect(p.get(b)!.x).toBeLessThan(p.get(c)!.x);
    expect(Math.min(...[...p.values()].map((v) => v.x))).toBe(50);
    expect(Math.min(...[...p.values()].map((v) => v.y))).toBe(200);
  });
});

describe('palette and card text', () => {
  it('groups by stage in lifecycle order and searches title, description and port kinds', () => {
    expect(paletteGroups(testDefs).map((g) => g.stage)).toEqual(['prepare', 'train', 'validate']);
    expect(paletteGroups(testDefs, 'metrics').flatMap((g) => g.defs.map((d) => d.type))).toEqual(['test-evaluate']);
    expect(paletteGroups(testDefs, 'fits model').flatMap((g) => g.defs.map((d) => d.type))).toEqual(['test-train']);
    expect(paletteGroups(testDefs, 'nothing-like-this')).toEqual([]);
  });

  it('summarises the listed params with option labels and file names', () => {
    const [importDef, trainDef] = testDefs;
    expect(paramSummary(importDef, { path: 'data/sub/iris.csv' })).toBe('File: iris.csv');
    expect(paramSummary(trainDef, { target: '', epochs: 20 })).toBe('Target column: — · Epochs: 20');
    // Left out of the document: the default the engine runs with (the test def's epochs default is 20).
    expect(paramSummary(trainDef, { target: 'income' })).toBe('Target column: income · Epochs: 20');
    expect(paramSummary({ ...trainDef, summary: ['steps', 'features'] }, { steps: [{ op: 'drop' }, { op: 'fill' }], features: ['a', 'b'] })).toBe(
      'Steps: 2 · Features: a, b',
    );
  });
});

describe('node icons', () => {
  it('maps every icon name used by the registered node defs (no fallback needed)', async () => {
    const { knownIcon } = await import('./node-icons.js');
    expect(nodeDefs.filter((d) => !knownIcon(d.icon)).map((d) => `${d.type}: ${d.icon}`)).toEqual([]);
  });
});
