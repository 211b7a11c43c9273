/**
 * The root check of issue 8: a pipeline from someone else may not name a file outside the folders
 * the host allows. Each attack runs through the real engine and real node catalogue; the run must
 * stop before any node starts (no run-started event, nothing written).
 */
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { EngineError } from '../../engine/errors.js';
import type { EngineEvent } from '../../engine/events.js';
import type { PathRefusal } from '../../engine/security/run-paths.js';
import { nodeCatalog } from '../../nodes/index.js';
import { SHARED_DATA, tempDir } from '../testing/cli-harness.js';
import { importDoc, packageDoc } from '../testing/trust-docs.js';

let base: string;
let pipes: string;
let workspace: string;
let engine: Engine;

beforeAll(async () => {
  base = tempDir('ls-trust-');
  pipes = join(base, 'team', 'shared', 'pipes');
  workspace = join(pipes, '.lifecycle-studio');
  mkdirSync(pipes, { recursive: true });
  mkdirSync(join(base, 'outside'));
  copyFileSync(join(SHARED_DATA, 'iris.csv'), join(pipes, 'iris.csv'));
  copyFileSync(join(SHARED_DATA, 'iris.csv'), join(base, 'team', 'x.csv'));
  writeFileSync(join(base, 'outside', 'secret.csv'), 'token\nsecret-value\n');
  symlinkSync(join(base, 'outside', 'secret.csv'), join(pipes, 'innocent.csv'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: workspace });
});
afterAll(async () => {
  await engine?.close();
  await rm(base, { recursive: true, force: true });
});

const documentPath = () => join(pipes, 'p.pipeline.json');
const roots = () => [pipes, workspace];

/** Runs `doc` and returns the refusal error plus every event the engine emitted. */
async function refused(doc: Parameters<Engine['run']>[0]): Promise<{ error: EngineError; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const error = await engine.run(doc, { documentPath: documentPath(), allowedRoots: roots(), onEvent: (e) => events.push(e) }).then(
    () => undefined,
    (e: unknown) => e as EngineError,
  );
  expect(error, 'the run should have been refused').toBeDefined();
  return { error: error!, events };
}

describe('paths outside the allowed roots stop the run before any node runs', () => {
  it('refuses an Import of /etc/passwd, naming node, param and path, and saying how to allow it', async () => {
    const { error, events } = await refused(importDoc('/etc/passwd'));
    expect(error.code).toBe('PATH_OUTSIDE_ROOTS');
    expect(error.message).toContain('node "import", param "path": reads /etc/passwd');
    expect(error.hint).toContain('--allow-path /etc');
    expect(events).toEqual([]);
    expect((error.details as PathRefusal[])[0]).toMatchObject({ nodeId: 'import', param: 'path', path: '/etc/passwd', folder: '/etc' });
  });

  it('refuses an Import of ../../x.csv (a relative path climbing out of the pipeline folder)', async () => {
    const { error, events } = await refused(importDoc('../../x.csv'));
    expect(error.message).toContain(`reads ${join(base, 'team', 'x.csv')}`);
    expect(events).toEqual([]);
  });

  it('refuses a symlink inside the pipeline folder that points outside, naming the real path', async () => {
    const { error } = await refused(importDoc('innocent.csv'));
    expect(error.message).toContain(`reads ${join(base, 'outside', 'secret.csv')}`);
  });

  it('refuses Package model writing to ../../../../<tmp>, and nothing appears there', async () => {
    const target = `${base}-escaped`;
    const climb = join('..', '..', '..', '..', `${base.split('/').pop()}-escaped`);
    const { error, events } = await refused(packageDoc(climb, 'iris.csv'));
    expect(error.message).toContain(`node "package", param "folder": writes ${target}`);
    expect(events).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it('plan refuses the same document (the window plans before it runs)', async () => {
    const error = await engine.plan(importDoc('/etc/passwd'), { documentPath: documentPath(), allowedRoots: roots() }).catch((e: unknown) => e as EngineError);
    expect((error as EngineError).code).toBe('PATH_OUTSIDE_ROOTS');
  });
});

describe('paths inside the roots still run', () => {
  it('imports a file of the pipeline folder (150 iris rows, counted with wc -l minus the header)', async () => {
    const record = await engine.run(importDoc('iris.csv'), { documentPath: documentPath(), allowedRoots: roots() });
    expect(record.status).toBe('succeeded');
    expect(record.nodes.import.summaries?.table).toMatchObject({ rowCount: 150 });
  });

  it('imports from a folder the user allowed (the shared datasets)', async () => {
    const record = await engine.run(importDoc(join(SHARED_DATA, 'penguins.csv'), 'trust-allowed'), {
      documentPath: documentPath(),
      allowedRoots: [...roots(), SHARED_DATA],
    });
    expect(record.status).toBe('succeeded');
    expect(record.nodes.import.summaries?.table).toMatchObject({ rowCount: 344 });
  });
});
