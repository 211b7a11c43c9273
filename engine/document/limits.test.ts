import { describe, expect, it } from 'vitest';
import { checkDocumentLimits, DOCUMENT_LIMITS, findTooDeep, utf8Length } from './limits.js';
import { parsePipeline } from './parse.js';

const base = () => ({ format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'P', nodes: [] as unknown[], edges: [] as unknown[] });
const node = (id: string, params: Record<string, unknown> = {}) => ({ id, type: 't', typeVersion: 1, params, position: { x: 0, y: 0 } });

/** `[[[...]]]` nested `depth` arrays deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('document limits', () => {
  it('utf8Length agrees with Buffer.byteLength on mixed text (ASCII, accents, CJK, emoji)', () => {
    for (const text of ['plain', 'café', '数据管道', 'a😀b', '\uFEFF{}', 'x'.repeat(1000) + 'é😀']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('finds a value nested 100,000 arrays deep without recursion, at the first level past the limit', () => {
    const doc = { ...base(), nodes: [node('a', { deep: nested(100_000) })] };
    const path = findTooDeep(doc);
    // Levels: document 1, nodes 2, nodes[0] 3, params 4, deep 5, then one per "[0]".
    const indexes = DOCUMENT_LIMITS.maxDepth - 5 + 1;
    expect(path).toBe(`nodes[0].params.deep${'[0]'.repeat(indexes)}`);
    expect(checkDocumentLimits(doc)).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_TOO_LARGE', path, message: expect.stringContaining('nested too deep; the limit is 64 levels') }),
    ]);
  });

  it('a value exactly at the depth limit passes', () => {
    const doc = { ...base(), nodes: [node('a', { deep: nested(DOCUMENT_LIMITS.maxDepth - 4) })] };
    expect(findTooDeep(doc)).toBeUndefined();
  });

  it('counts nodes and edges before anything else', () => {
    const doc = { ...base(), nodes: Array.from({ length: 300_000 }, (_, i) => node(`n${i}`)) };
    const { document, issues } = parsePipeline(doc);
    expect(document).toBeUndefined();
    expect(issues.map((i) => [i.code, i.path])).toEqual([['DOCUMENT_TOO_LARGE', 'nodes']]);
    expect(issues[0].message).toMatch(/^the document has 300000 nodes; the limit is 5000 \(see "Limits" in the README\): split the pipeline/);
    const edges = { ...base(), edges: Array.from({ length: 20_001 }, () => ({})) };
    expect(parsePipeline(edges).issues.map((i) => i.message)).toEqual([expect.stringMatching(/^the document has 20001 edges; the limit is 20000/)]);
  });

  it('refuses JSON text over the byte limit before parsing it', () => {
    // Not even valid JSON: the size alone decides, so nothing is parsed.
    const text = `{"x":"${'a'.repeat(DOCUMENT_LIMITS.maxBytes)}`;
    const { issues } = parsePipeline(text);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['DOCUMENT_TOO_LARGE', '(document)']]);
    expect(issues[0].message).toMatch(/^the document is 16\.0 MB; the limit is 16 MB/);
  });

  it('accepts a UTF-8 byte-order mark before the JSON', () => {
    const { document, issues } = parsePipeline(`\uFEFF${JSON.stringify(base())}`);
    expect(issues).toEqual([]);
    expect(document?.name).toBe('P');
  });
});

describe('a __proto__ key in params', () => {
  it('is reported as an unknown param and lends nothing to the params object', () => {
    const text = JSON.stringify({ ...base(), nodes: [node('a', { y: 2 })] }).replace('"params":{', '"params":{"__proto__":{"path":"/etc/passwd"},');
    const { document, issues } = parsePipeline(text);
    expect(issues.map((i) => [i.code, i.path, i.severity, i.nodeId])).toEqual([['UNKNOWN_PARAM', 'nodes[0].params.__proto__', 'warning', 'a']]);
    const params = document!.nodes[0].params;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(params.path).toBeUndefined();
    expect(params).toEqual({ y: 2 });
  });
});
