/**
 * Property tests of the one way in: whatever arrives (any JSON value, any text, any mutation of a
 * valid document), `parsePipeline` and `checkPipeline` answer with a valid document or typed
 * issues, and never throw. Seeded (set FC_SEED to replay another run); on failure fast-check
 * prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { checkPipeline } from '../graph/check-pipeline.js';
import type { ValidationIssue } from '../engine-types.js';
import { DOCUMENT_LIMITS } from './limits.js';
import { parsePipeline } from './parse.js';
import { pipelineSchema } from './schema.js';
import { serializePipeline } from './serialize.js';

const seed = Number(process.env.FC_SEED ?? 20261201);
const runs = (numRuns: number) => ({ seed, numRuns });

/** Either a document that passes the schema and survives a save and a reload, or at least one error, each typed. */
function wellFormed(result: { document?: unknown; issues: ValidationIssue[] }): void {
  for (const i of result.issues) {
    expect(typeof i.code).toBe('string');
    expect(typeof i.path).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(i.severity);
  }
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (result.document === undefined) {
    expect(errors.length).toBeGreaterThan(0);
    return;
  }
  expect(pipelineSchema.safeParse(result.document).success).toBe(true);
  const again = parsePipeline(serializePipeline(result.document as never));
  expect(again.document).toEqual(result.document);
}

const valid = () =>
  makeDoc(
    [
      ['src', 'source', { rows: 5 }],
      ['scale', 'scale', { factor: 3 }],
      ['sum', 'sum'],
    ],
    ['src.table -> scale.table', 'scale.table -> sum.table'],
  ) as unknown as Record<string, unknown>;

type Container = Record<string, unknown> | unknown[];

/** Every container in the value with its keys, found without recursion. */
function containers(value: unknown): { at: Container; key: string | number }[] {
  const out: { at: Container; key: string | number }[] = [];
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ at: v, key: i });
        stack.push(child);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        out.push({ at: v as Container, key: k });
        stack.push(child);
      }
    }
  }
  return out;
}

const nested = (value: unknown, depth: number) => {
  let out = value;
  for (let i = 0; i < depth; i++) out = [out];
  return out;
};

/** One edit at a spot chosen by index: replace with any JSON, delete, wrap deep, add an odd key, or repeat an item. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), spot: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), spot: fc.nat() }),
  fc.record({
    op: fc.constant('wrap' as const),
    spot: fc.nat(),
    depth: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 55, max: 70 }), fc.constant(1_000)),
  }),
  fc.record({
    op: fc.constant('key' as const),
    spot: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({ op: fc.constant('repeat' as const), spot: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(doc: Record<string, unknown>, edits: Mutation[]): unknown {
  for (const edit of edits) {
    const spots = containers(doc);
    if (!spots.length) break;
    const { at, key } = spots[edit.spot % spots.length];
    const target = at as Record<string | number, unknown>;
    if (edit.op === 'replace') target[key] = edit.value;
    else if (edit.op === 'delete') {
      if (Array.isArray(at)) at.splice(key as number, 1);
      else delete target[key];
    } else if (edit.op === 'wrap') target[key] = nested(target[key], edit.depth);
    else if (edit.op === 'key') {
      const inner = target[key];
      // defineProperty: "__proto__" must become an own key, as JSON.parse would make it.
      if (inner && typeof inner === 'object' && !Array.isArray(inner))
        Object.defineProperty(inner, edit.key, { value: edit.value, enumerable: true, configurable: true, writable: true });
    } else if (Array.isArray(at)) at.splice(key as number, 0, ...Array.from({ length: edit.times }, () => structuredClone(at[key as number])));
  }
  return doc;
}

describe('parsePipeline on anything', () => {
  it('any JSON value, given as a value or as text: a document or typed issues, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        wellFormed(parsePipeline(value));
        wellFormed(parsePipeline(JSON.stringify(value) ?? 'null'));
      }),
      runs(600),
    );
  });

  it('any text, with or without a byte-order mark', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), (text, bom) => wellFormed(parsePipeline(bom ? `\uFEFF${text}` : text))),
      runs(600),
    );
  });

  it('any document-shaped object: random fields around the real ones', () => {
    const shaped = fc.record(
      {
        format: fc.oneof(fc.constant('lifecycle-studio.pipeline'), fc.jsonValue()),
        schemaVersion: fc.oneof(fc.constantFrom(0, 1, 2), fc.jsonValue()),
        id: fc.oneof(fc.string(), fc.jsonValue()),
        name: fc.oneof(fc.string(), fc.jsonValue()),
        nodes: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 })), fc.jsonValue()),
        edges: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 })), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shaped, (value) => wellFormed(parsePipeline(value))),
      runs(600),
    );
  });
});

describe('checkPipeline on mutated valid documents', () => {
  it('stays a valid document or becomes typed issues; never throws, at any depth', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        const doc = mutate(valid(), edits);
        // 1,000 levels at most: past a few thousand, JSON.stringify itself (in the test) runs out of stack.
        const text = JSON.stringify(doc);
        for (const input of [doc, text]) {
          const result = checkPipeline(input, fakeDefs);
          wellFormed(result);
        }
      }),
      runs(400),
    );
  });

  it('an unmutated document is valid, and a wrap past the depth limit is always refused', () => {
    expect(checkPipeline(valid(), fakeDefs).issues).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: DOCUMENT_LIMITS.maxDepth, max: 2 * DOCUMENT_LIMITS.maxDepth }), (node, depth) => {
        const doc = valid() as { nodes: { params: Record<string, unknown> }[] };
        doc.nodes[node].params.extra = nested(0, depth);
        const { document, issues } = parsePipeline(doc);
        expect(document).toBeUndefined();
        expect(issues.map((i) => i.code)).toEqual(['DOCUMENT_TOO_LARGE']);
      }),
      runs(50),
    );
  });
});
