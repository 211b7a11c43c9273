/**
 * The pre-run check on real files: a pipeline folder with one data file present, one missing, one
 * outside the allowed folders, a secret set and one not, a Prompt node sending rows to a host not
 * allowed and a Deploy node serving on every address.
 */
import { mkdtemp, mkdir, rm, writeFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { preRunProblems } from '../../engine/security/pre-run-check.js';
import { nodeDefs } from '../../nodes/defs.js';

let base: string;
let pipes: string;
let elsewhere: string;

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });

function docOf(nodes: ReturnType<typeof node>[]): PipelineDocument {
  return { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p1', name: 'Check', nodes, edges: [] } as unknown as PipelineDocument;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'pre-run-'));
  pipes = join(base, 'pipes');
  elsewhere = join(base, 'elsewhere');
  await mkdir(join(pipes, 'data'), { recursive: true });
  await mkdir(elsewhere);
  await writeFile(join(pipes, 'data', 'here.csv'), 'a,b\n1,2\n');
  await writeFile(join(elsewhere, 'far.csv'), 'a,b\n1,2\n');
  // A link inside the pipeline folder to a file outside it: the real path decides, as for a run.
  await symlink(join(elsewhere, 'far.csv'), join(pipes, 'data', 'link.csv'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('preRunProblems', () => {
  const documentPath = () => join(pipes, 'p.pipeline.json');

  it('finds nothing wrong with a file that exists inside the pipeline folder', async () => {
    const doc = docOf([node('import', 'import-dataset', { path: 'data/here.csv' })]);
    expect(await preRunProblems(doc, nodeDefs, { documentPath: documentPath(), roots: [pipes], allowedHosts: [], hasSecret: () => false })).toEqual([]);
  });

  it("asks for Evaluate's grader key only when a grader address is set (no grading, no key)", async () => {
    const check = (params: Record<string, unknown>) =>
      preRunProblems(docOf([node('eval', 'evaluate', params)]), nodeDefs, {
        documentPath: documentPath(),
        roots: [pipes],
        allowedHosts: [],
        hasSecret: () => false,
      });
    expect(await check({})).toEqual([]);
    const withGrader = await check({ gradeBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(withGrader.map((p) => [p.kind, 'param' in p ? p.param : ''])).toEqual([['missing-secret', 'gradeApiKey']]);
  });

  it('names a missing input file with the place it was looked for', async () => {
    const doc = docOf([node('import', 'import-dataset', { path: 'data/missing.csv' })]);
    const problems = await preRunProblems(doc, nodeDefs, { documentPath: documentPath(), roots: [pipes], hasSecret: () => true });
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'missing-file',
        nodeId: 'import',
        param: 'path',
        path: 'data/missing.csv',
        resolved: join(pipes, 'data', 'missing.csv'),
      }),
    ]);
    expect(problems[0].message).toContain('data/missing.csv');
  });

  it('offers the folder of a file outside the allowed folders, followed through a link', async () => {
    const doc = docOf([node('far', 'import-dataset', { path: join(elsewhere, 'far.csv') }), node('link', 'import-dataset', { path: 'data/link.csv' })]);
    const problems = await preRunProblems(doc, nodeDefs, { documentPath: documentPath(), roots: [pipes], hasSecret: () => true });
    expect(problems.map((p) => [p.kind, p.nodeId, p.kind === 'folder-not-allowed' ? p.folder : ''])).toEqual([
      ['folder-not-allowed', 'far', elsewhere],
      ['folder-not-allowed', 'link', elsewhere],
    ]);
    // Once the folder is allowed, nothing is left.
    expect(await preRunProblems(doc, nodeDefs, { documentPath: documentPath(), roots: [pipes, elsewhere], hasSecret: () => true })).toEqual([]);
  });

  it('names a secret that is not set, not one that is, and an address not allowed', async () => {
    const prompt = { provider: 'openai', baseUrl: 'https://api.example.com/v1', apiKey: 'UNSET_KEY_FOR_TEST' };
    const doc = docOf([
      node('ask', 'prompt', prompt),
      node('ask2', 'prompt', { ...prompt, apiKey: 'SET_KEY', baseUrl: 'http://127.0.0.1:11434/v1' }),
      node('serve', 'deploy', { host: '0.0.0.0' }),
    ]);
    const hasSecret = (name: string) => name === 'SET_KEY';
    const problems = await preRunProblems(doc, nodeDefs, { documentPath: documentPath(), roots: [pipes], allowedHosts: [], hasSecret });
    expect(problems.map((p) => `${p.kind} ${p.nodeId}`).sort()).toEqual(['host-not-allowed ask', 'host-not-allowed serve', 'missing-secret ask']);
    expect(problems.find((p) => p.kind === 'missing-secret')).toMatchObject({ name: 'UNSET_KEY_FOR_TEST', param: 'apiKey' });
    const allowed = await preRunProblems(doc, nodeDefs, {
      documentPath: documentPath(),
      roots: [pipes],
      allowedHosts: ['api.example.com', '0.0.0.0'],
      hasSecret,
    });
    expect(allowed.map((p) => p.kind)).toEqual(['missing-secret']);
  });
});
