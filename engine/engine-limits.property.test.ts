/**
 * Property tests of validate and run on generated documents around the limits: long chains, many
 * edges, values nested near the depth limit. The expected verdict is computed from the generator's
 * own numbers (nodes = chain + 2, edges = chain + 1 + extra, depth = 4 + nesting), never read back
 * from the code under test. Seeded (FC_SEED replays another run); fast-check prints the seed on failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from './document/limits.js';
import type { PipelineDocument } from './document/schema.js';
import { createEngine, type Engine } from './engine.js';
import type { EngineError } from './errors.js';
import { fakeDefs, fakeNodes } from './testing/fake-nodes.fixture.js';
import { checkPipeline } from './graph/check-pipeline.js';

const seed = Number(process.env.FC_SEED ?? 20261201);

interface Shape {
  chain: number;
  extraEdges: number;
  nesting: number;
  rows: number;
  factor: number;
}

/** source(rows) -> chain x scale(factor) -> sum, plus `extraEdges` more wires into sum's one input, plus a param nested `nesting` arrays deep. */
function build(shape: Shape): PipelineDocument {
  const node = (id: string, type: string, params: Record<string, unknown>, i: number) => ({
    id,
    type: `test.${type}`,
    typeVersion: type === 'source' ? 2 : 1,
    params,
    position: { x: i, y: 0 },
  });
  let deep: unknown = 0;
  for (let i = 0; i < shape.nesting; i++) deep = [deep];
  const nodes = [node('src', 'source', { rows: shape.rows, extra: deep }, 0)];
  for (let i = 1; i <= shape.chain; i++) nodes.push(node(`s${i}`, 'scale', { factor: shape.factor }, i));
  nodes.push(node('sum', 'sum', {}, shape.chain + 1));
  const ids = nodes.map((n) => n.id);
  const edge = (i: number, from: string, to: string) => ({ id: `e${i}`, source: { node: from, port: 'table' }, target: { node: to, port: 'table' } });
  const edges = ids.slice(1).map((to, i) => edge(i, ids[i], to));
  for (let i = 0; i < shape.extraEdges; i++) edges.push(edge(edges.length, ids[ids.length - 2], 'sum'));
  return { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'gen', name: 'Generated', nodes, edges };
}

/** Levels: document 1, nodes 2, the node 3, params 4, then one per array of `extra`. */
const overLimit = (s: Shape) =>
  s.chain + 2 > DOCUMENT_LIMITS.maxNodes || s.chain + 1 + s.extraEdges > DOCUMENT_LIMITS.maxEdges || 4 + s.nesting > DOCUMENT_LIMITS.maxDepth;

const around = (limit: number) => fc.integer({ min: limit - 3, max: limit + 3 });

describe('validate on generated large and deep documents', () => {
  it('refuses exactly the documents past a limit, and checks the rest to the end', () => {
    const shape = fc.record({
      chain: fc.oneof(fc.integer({ min: 0, max: 20 }), around(DOCUMENT_LIMITS.maxNodes - 2)),
      extraEdges: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), around(DOCUMENT_LIMITS.maxEdges - 30)),
      nesting: fc.oneof(fc.integer({ min: 0, max: 8 }), around(DOCUMENT_LIMITS.maxDepth - 4)),
      rows: fc.constant(3),
      factor: fc.constant(2),
    });
    fc.assert(
      fc.property(shape, (s) => {
        const { document, issues } = checkPipeline(build(s), fakeDefs);
        const codes = new Set(issues.map((i) => i.code));
        if (overLimit(s)) {
          expect(document).toBeUndefined();
          expect([...codes]).toEqual(['DOCUMENT_TOO_LARGE']);
          return;
        }
        expect(codes.has('DOCUMENT_TOO_LARGE')).toBe(false);
        // Within the limits the graph is checked in full: the extra wires are the only errors.
        const errors = issues.filter((i) => i.severity === 'error');
        expect(errors.length).toBe(Math.min(s.extraEdges, 21));
        expect(errors.every((i) => i.code === 'INPUT_ALREADY_CONNECTED')).toBe(true);
      }),
      {
        seed,
        numRuns: 40,
        examples: [
          [{ chain: DOCUMENT_LIMITS.maxNodes - 2, extraEdges: 0, nesting: 0, rows: 3, factor: 2 }],
          [{ chain: DOCUMENT_LIMITS.maxNodes - 1, extraEdges: 0, nesting: 0, rows: 3, factor: 2 }],
          [{ chain: 10, extraEdges: DOCUMENT_LIMITS.maxEdges - 11, nesting: 0, rows: 3, factor: 2 }],
          [{ chain: 10, extraEdges: DOCUMENT_LIMITS.maxEdges - 10, nesting: 0, rows: 3, factor: 2 }],
        ],
      },
    );
  });
});

describe('run on generated deep documents', () => {
  let dir: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ls-limits-run-'));
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir, versions: () => ({ tfBackend: 'wasm' }) });
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs to the right total within the limits, refuses past them, never crashes', async () => {
    const shape = fc.record({
      chain: fc.integer({ min: 1, max: 4 }),
      extraEdges: fc.constant(0),
      nesting: fc.oneof(fc.integer({ min: 0, max: 8 }), around(DOCUMENT_LIMITS.maxDepth - 4), fc.constant(100_000)),
      rows: fc.integer({ min: 1, max: 20 }),
      factor: fc.integer({ min: 1, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const doc = build(s);
        if (overLimit(s)) {
          const err = (await engine.run(doc).catch((e: unknown) => e)) as EngineError;
          expect(err.code).toBe('DOCUMENT_INVALID');
          expect((err.details as { code: string }[]).map((i) => i.code)).toEqual(['DOCUMENT_TOO_LARGE']);
          return;
        }
        const record = await engine.run(doc);
        expect(record.status).toBe('succeeded');
        // Source rows are 0..rows-1, each scale multiplies by factor: the sum by hand.
        const expected = ((s.rows * (s.rows - 1)) / 2) * s.factor ** s.chain;
        const metrics = record.nodes.sum.outputs?.metrics;
        expect(metrics?.kind === 'metrics' ? metrics.metrics.total : undefined).toBe(expected);
      }),
      // The boundary itself is always tried: 60 levels of `extra` reach depth 64 (runs), 61 go past (refused).
      {
        seed,
        numRuns: 6,
        examples: [[{ chain: 2, extraEdges: 0, nesting: 60, rows: 5, factor: 2 }], [{ chain: 2, extraEdges: 0, nesting: 61, rows: 5, factor: 2 }]],
      },
    );
  });
});
