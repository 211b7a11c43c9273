/**
 * DuckDB's own confinement during a run (issue 8): external access off, only the run's roots and
 * the workspace reachable, no extension downloads. A statement run by a node (not the SQL
 * transform, whose allowlist would refuse these first) shows what DuckDB itself lets through.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine/engine.js';
import { nodeCatalog } from '../../nodes/index.js';
import { SHARED_DATA, tempDir } from '../testing/cli-harness.js';
import { rawSqlDoc, rawSqlNode } from '../testing/query-node.fixture.js';
import { importDoc } from '../testing/trust-docs.js';

let base: string;
let pipes: string;
let workspace: string;
let engine: Engine;

beforeAll(async () => {
  base = tempDir('ls-duck-');
  pipes = join(base, 'pipes');
  workspace = join(pipes, '.lifecycle-studio');
  mkdirSync(pipes, { recursive: true });
  engine = await createEngine({ nodes: [...nodeCatalog, rawSqlNode], workspaceDir: workspace });
});
afterAll(async () => {
  await engine?.close();
  await rm(base, { recursive: true, force: true });
});

const options = (extra: string[] = []) => ({ documentPath: join(pipes, 'p.pipeline.json'), allowedRoots: [pipes, workspace, ...extra] });

/** Runs one statement in a node of a confined run; resolves with the node's error message, or 'ok'. */
async function inRun(sql: string, extra: string[] = []): Promise<string> {
  const record = await engine.run(rawSqlDoc(sql), options(extra));
  return record.nodes.raw.status === 'done' ? 'ok' : (record.nodes.raw.error?.message ?? 'no message');
}

describe('DuckDB during a confined run', () => {
  it.each([
    ["SELECT * FROM read_text('/etc/passwd')", /Permission Error.*\/etc\/passwd/],
    ["SELECT * FROM glob('/root/*')", /Permission Error/],
    ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error.*\/etc\/passwd/],
    ["SELECT * FROM read_blob('/etc/passwd')", /Permission Error/],
    ["SELECT * FROM read_csv('https://example.com/x.csv')", /Permission Error/],
    ['SET enable_external_access = true', /Cannot enable external access/],
    ["SET allowed_directories = ['/']", /Cannot change allowed_directories/],
    ['INSTALL httpfs', /Permission Error/],
    ['LOAD httpfs', /disabled/],
    ["COPY (SELECT 1) TO '/tmp/ls-escape.csv'", /Permission Error/],
  ])('refuses %s', async (sql, expected) => {
    expect(await inRun(sql)).toMatch(expected);
  });

  it('follows a symlink in an allowed folder to its target: one made after the path check still cannot reach /etc', async () => {
    symlinkSync('/etc/passwd', join(pipes, 'late.csv'));
    expect(await inRun(`SELECT * FROM read_csv('${join(pipes, 'late.csv')}')`)).toMatch(/Permission Error/);
  });

  it('reads files of an allowed folder, and only while a run allows it', async () => {
    const penguins = `SELECT * FROM read_csv('${join(SHARED_DATA, 'penguins.csv')}')`;
    expect(await inRun(penguins, [SHARED_DATA])).toBe('ok');
    // The next run does not allow the shared data: the database is reopened without it.
    expect(await inRun(penguins)).toMatch(/Permission Error/);
  });

  it('keeps the workspace working: an Import of an allowed file runs, is reused after a reopen, and pages', async () => {
    const doc = importDoc(join(SHARED_DATA, 'iris.csv'), 'duck-import');
    const first = await engine.run(doc, options([SHARED_DATA]));
    expect(first.nodes.import.status).toBe('done');
    await inRun('SELECT 1'); // other roots: a reopen
    const second = await engine.run(doc, options([SHARED_DATA]));
    expect(second.nodes.import.status).toBe('cached');
    const table = (second.nodes.import.outputs!.table as { table: string }).table;
    // wc -l iris.csv = 151 lines, one of them the header.
    expect((await engine.page({ table, offset: 0, limit: 1000 })).rows).toHaveLength(150);
  });
});
