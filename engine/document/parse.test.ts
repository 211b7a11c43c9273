import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, parsePipeline } from './parse.js';

const valid = () => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p',
  name: 'P',
  nodes: [
    { id: 'a', type: 'test.source', typeVersion: 2, params: {}, position: { x: 0, y: 0 } },
    { id: 'b', type: 'test.sum', typeVersion: 1, params: {}, position: { x: 1, y: 2 } },
  ],
  edges: [{ id: 'e1', source: { node: 'a', port: 'table' }, target: { node: 'b', port: 'table' } }],
});

const messages = (input: unknown) => parsePipeline(input).issues.map(formatIssue);

describe('parsePipeline', () => {
  it('accepts a valid document, from a value or from JSON text', () => {
    expect(parsePipeline(valid())).toEqual({ document: valid(), issues: [] });
    expect(parsePipeline(JSON.stringify(valid())).document).toEqual(valid());
  });

  it('names the JSON path and what was expected', () => {
    const doc = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    (doc.nodes[1] as Record<string, unknown>).typeVersion = '1';
    (doc.nodes[0] as Record<string, unknown>).position = undefined;
    (doc.edges[0].source as Record<string, unknown>).node = '';
    doc.extra = true;
    const found = parsePipeline(doc);
    expect(found.document).toBeUndefined();
    expect(found.issues.map(formatIssue).sort()).toEqual(
      [
        '(document): unknown field "extra"; remove it or check the spelling',
        'nodes[0].position: expected an object, but it is missing',
        'nodes[1].typeVersion: expected a number, got "1"',
        'edges[0].source.node: expected a non-empty text, got ""',
      ].sort(),
    );
    expect(found.issues.find((i) => i.path === 'nodes[1].typeVersion')?.nodeId).toBe('b');
    expect(found.issues.find((i) => i.path === 'edges[0].source.node')?.edgeId).toBe('e1');
  });

  it('explains numbers out of range and bad viewport values', () => {
    const doc = { ...valid(), viewport: { x: 0, y: 0, zoom: -1 }, nodes: [{ ...valid().nodes[0], typeVersion: 0 }] };
    expect(messages(doc).sort()).toEqual([
      'nodes[0].typeVersion: expected a number of at least 1, got 0',
      'viewport.zoom: expected a number greater than 0, got -1',
    ]);
  });

  it('refuses what is not a pipeline at all, or from the future', () => {
    expect(messages('{"nodes": [')[0]).toMatch(/^\(document\): the file is not valid JSON: /);
    expect(messages([1, 2])).toEqual(['(document): expected a pipeline document (a JSON object), got a list of 2']);
    expect(messages({ ...valid(), format: 'other' })[0]).toBe(
      'format: expected "format": "lifecycle-studio.pipeline", got "other"; is this a Lifecycle Studio pipeline file?',
    );
    expect(messages({ ...valid(), schemaVersion: undefined })[0]).toMatch(/^schemaVersion: expected a "schemaVersion" number.*got nothing$/);
    expect(messages({ ...valid(), schemaVersion: 9 })).toEqual([
      'schemaVersion: schemaVersion 9 is newer than this app understands (up to 1); update Lifecycle Studio to open it',
    ]);
  });

  it('upgrades a v0 file through the migration chain', () => {
    const text = readFileSync(new URL('./fixtures/v0-pipeline.json', import.meta.url), 'utf8');
    const { document, issues } = parsePipeline(text);
    expect(issues).toEqual([
      {
        code: 'DOCUMENT_MIGRATED',
        path: 'schemaVersion',
        severity: 'warning',
        message: 'upgraded from schemaVersion 0 to 1; save the file to keep the new format',
      },
    ]);
    expect(document?.schemaVersion).toBe(1);
    expect(document?.nodes.map((n) => [n.id, n.type, n.typeVersion, n.position])).toEqual([
      ['load', 'test.source', 1, { x: 10, y: 20 }],
      ['ns:scale', 'test.scale', 1, { x: 200, y: 20 }],
      ['total', 'test.sum', 1, { x: 400, y: 20 }],
    ]);
    expect(document?.nodes[2].params).toEqual({});
    // Node ids may hold colons: the edge end splits at the last one.
    expect(document?.edges).toEqual([
      { id: 'e1', source: { node: 'load', port: 'table' }, target: { node: 'ns:scale', port: 'table' } },
      { id: 'e2', source: { node: 'ns:scale', port: 'table' }, target: { node: 'total', port: 'table' } },
    ]);
  });
});
