import { describe, expect, it } from 'vitest';
import { parsePipeline } from './parse.js';
import type { PipelineDocument } from './schema.js';
import { serializePipeline } from './serialize.js';

const doc: PipelineDocument = {
  viewport: { zoom: 1.5, y: 2, x: 1 },
  edges: [{ target: { port: 'table', node: 'b' }, source: { port: 'table', node: 'a' }, id: 'e1' }],
  nodes: [
    { position: { y: 4, x: 3 }, params: { z: 1, a: { d: [3, 1], c: true } }, typeVersion: 2, type: 'test.source', id: 'a', label: 'Load' },
    { params: {}, position: { x: 0, y: 0 }, id: 'b', typeVersion: 1, type: 'test.sum' },
  ],
  name: 'P',
  id: 'p',
  schemaVersion: 1,
  format: 'lifecycle-studio.pipeline',
  description: undefined,
};

describe('serializePipeline', () => {
  it('writes keys in the documented order, params sorted, 2-space indent, one trailing newline', () => {
    const text = serializePipeline(doc);
    expect(text).toBe(
      [
        '{',
        '  "format": "lifecycle-studio.pipeline",',
        '  "schemaVersion": 1,',
        '  "id": "p",',
        '  "name": "P",',
        '  "nodes": [',
        '    {',
        '      "id": "a",',
        '      "type": "test.source",',
        '      "typeVersion": 2,',
        '      "label": "Load",',
        '      "params": {',
        '        "a": {',
        '          "c": true,',
        '          "d": [',
        '            3,',
        '            1',
        '          ]',
        '        },',
        '        "z": 1',
        '      },',
        '      "position": {',
        '        "x": 3,',
        '        "y": 4',
        '      }',
        '    },',
        '    {',
        '      "id": "b",',
        '      "type": "test.sum",',
        '      "typeVersion": 1,',
        '      "params": {},',
        '      "position": {',
        '        "x": 0,',
        '        "y": 0',
        '      }',
        '    }',
        '  ],',
        '  "edges": [',
        '    {',
        '      "id": "e1",',
        '      "source": {',
        '        "node": "a",',
        '        "port": "table"',
        '      },',
        '      "target": {',
        '        "node": "b",',
        '        "port": "table"',
        '      }',
        '    }',
        '  ],',
        '  "viewport": {',
        '    "x": 1,',
        '    "y": 2,',
        '    "zoom": 1.5',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps an editor $schema hint first', () => {
    const text = serializePipeline({ ...doc, $schema: '../pipeline.schema.json' });
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "$schema": "../pipeline.schema.json",', '  "format": "lifecycle-studio.pipeline",']);
    expect(parsePipeline(text).document?.$schema).toBe('../pipeline.schema.json');
  });

  it('gives byte-identical text for the same document, whatever its key order, across a round trip', () => {
    const once = serializePipeline(doc);
    const reparsed = parsePipeline(once).document!;
    expect(serializePipeline(reparsed)).toBe(once);
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const shuffled = reverseKeys(doc) as PipelineDocument;
    expect(Object.keys(shuffled)[0]).toBe('description');
    expect(serializePipeline(shuffled)).toBe(once);
    expect(Buffer.from(serializePipeline(structuredClone(doc))).equals(Buffer.from(once))).toBe(true);
  });
});
