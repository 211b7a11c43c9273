import { describe, expect, it } from 'vitest';
import { HostError } from './host-error.js';
import { validateArgs } from './payload-schemas.js';

const good = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p1',
  name: 'One node',
  nodes: [{ id: 'a', type: 'import-csv', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
  edges: [],
};

function refusal(fn: () => unknown): HostError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HostError) return err;
    throw err;
  }
  throw new Error('expected a HostError');
}

describe('validateArgs', () => {
  it('rejects a bad document with the JSON path of the problem', () => {
    const bad = { ...good, nodes: [{ ...good.nodes[0], position: { x: 'left', y: 0 } }] };
    const err = refusal(() => validateArgs('savePipeline', [bad, '/tmp/x.pipeline.json']));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.issues?.map((i) => i.path)).toEqual(['nodes[0].position.x']);
    expect(err.issues?.[0].nodeId).toBe('a');
    expect(err.message).toContain('nodes[0].position.x');
  });

  it('passes a good document through and turns a JSON null into undefined', () => {
    const [doc, path] = validateArgs('savePipeline', [good, null]);
    expect(doc.nodes[0].id).toBe('a');
    expect(path).toBeUndefined();
  });

  it('accepts left-out trailing optional arguments', () => {
    expect(validateArgs('openPipeline', [])).toEqual([undefined]);
  });

  it('names the argument that is wrong', () => {
    const err = refusal(() => validateArgs('page', [{ table: 't', offset: -1, limit: 10 }]));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe('page: argument [0].offset: expected a number of at least 0, got -1');
  });

  it('refuses extra fields in run options and non-array argument lists', () => {
    expect(refusal(() => validateArgs('startRun', [good, { target: { mode: 'all' }, shell: 'rm -rf /' }])).code).toBe('BAD_REQUEST');
    expect(refusal(() => validateArgs('cancelRun', 'run-1')).message).toBe('cancelRun: expected an array of arguments');
  });
});
