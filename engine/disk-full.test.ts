/**
 * A real full disk: the workspace sits on an 8 MB tmpfs mounted for this file (CI runs as root, so
 * it runs there; where mounting is refused the tests are skipped and say why). A ballast file takes
 * most of the room, so a node that writes fills the disk for real, through DuckDB and through a
 * plain file write.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import type { EngineEvent } from './events.js';
import { fakeNodes, makeDoc } from './testing/fake-nodes.fixture.js';
import type { RunRecord } from './engine-types.js';

const mountDir = await mkdtemp(join(tmpdir(), 'ls-disk-full-'));
let refused = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountDir], { stdio: 'pipe' });
} catch (error) {
  refused = String((error as { stderr?: Buffer }).stderr ?? error).trim();
  console.log(`disk-full tests skipped: mounting an 8 MB tmpfs at ${mountDir} was refused (${refused}); they need root, as on CI`);
}
const ws = join(mountDir, 'ws');
const ballast = join(mountDir, 'ballast.bin');
let engine: Engine | undefined;

afterAll(async () => {
  await engine?.close();
  if (!refused) execFileSync('umount', [mountDir]);
  await rm(mountDir, { recursive: true, force: true });
});

const small = makeDoc(
  [
    ['source', 'source'],
    ['sum', 'sum'],
  ],
  ['source.table -> sum.table'],
  'small',
);
const snapshot = async (dir: string) => Object.fromEntries(await Promise.all((await readdir(dir)).map(async (f) => [f, await readFile(join(dir, f), 'utf8')])));
/** Takes every byte left on the disk, so that the next write (the run record) fails. */
function fillToTheBrim(path: string): void {
  const fd = openSync(path, 'a');
  const chunk = new Uint8Array(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
const failedEvents = (events: EngineEvent[]) => events.filter((e): e is Extract<EngineEvent, { type: 'node-failed' }> => e.type === 'node-failed');

describe.skipIf(refused !== '')('a full disk', () => {
  let earlier: RunRecord;
  let recordsBefore: Record<string, string>;
  let cacheBefore: Record<string, string>;

  it('runs a small pipeline while there is room, and keeps a reserve for a short record', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: ws });
    earlier = await engine.run(small);
    expect(earlier.status).toBe('succeeded');
    expect(await readdir(join(ws, 'runs'))).toContain('.reserve');
    recordsBefore = await snapshot(join(ws, 'runs'));
    cacheBefore = await snapshot(join(ws, 'cache'));
    // Leave about 1 MB free for the workspace.
    const s = await statfs(mountDir);
    await writeFile(ballast, new Uint8Array(Math.max(0, s.bavail * s.bsize - 1024 * 1024)));
  });

  it('says the disk is full, where, and how much the workspace holds, when DuckDB runs out of room; a short record is kept', async () => {
    const events: EngineEvent[] = [];
    const onEvent = (e: EngineEvent) => {
      events.push(e);
      // DuckDB gives back what it could not use; take it, so the record has no room either.
      if (e.type === 'node-failed') fillToTheBrim(ballast);
    };
    const record = await engine!.run(makeDoc([['fill', 'fill', { mb: 4 }]], [], 'filler'), { onEvent });
    expect(record.status).toBe('failed');
    const error = record.nodes.fill.error!;
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(
      new RegExp(
        `^the disk holding the workspace ${ws} ran out of space \\([\\d.]+ (B|KB|MB) free of 8\\.0 MB now\\); the workspace itself holds [\\d.]+ (KB|MB)$`,
      ),
    );
    expect(error.message).not.toContain('IO Error');
    expect(error.hint).toContain('Free space on that disk');
    expect(error.stack).toContain('No space left on device');
    expect(failedEvents(events)[0].error.code).toBe('DISK_FULL');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: { code: 'DISK_FULL' } });
    // The full record did not fit: the reserve made room for the short one, which is on disk.
    const saved = await engine!.getRun(record.runId);
    expect(saved?.error?.code).toBe('DISK_FULL');
    expect(saved).toMatchObject({ runId: record.runId, status: 'failed', nodes: { fill: { status: 'failed', error: { code: 'DISK_FULL' } } } });
    expect(await readdir(join(ws, 'runs'))).not.toContain('.reserve');
  });

  it('maps a bare ENOSPC from a node writing a file, and refuses in plain words when not even a short record fits', async () => {
    const events: EngineEvent[] = [];
    const onEvent = (e: EngineEvent) => {
      events.push(e);
      // The half-written file is cleaned away when the node fails; that room is taken back too.
      if (e.type === 'node-failed') fillToTheBrim(ballast);
    };
    const run = engine!.run(makeDoc([['fill', 'fill', { mb: 4, file: true }]], [], 'file-filler'), { onEvent });
    await expect(run).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^the disk holding the workspace .* could not be written$/) });
    const [failed] = failedEvents(events);
    expect(failed.error.code).toBe('DISK_FULL');
    expect(failed.error.stack).toContain('ENOSPC');
  });

  it('leaves earlier records and cached outputs whole, and writes full records again once there is room', async () => {
    const records = await snapshot(join(ws, 'runs'));
    for (const [name, text] of Object.entries(recordsBefore)) if (name !== '.reserve') expect(records[name]).toBe(text);
    const cache = await snapshot(join(ws, 'cache'));
    for (const [name, text] of Object.entries(cacheBefore)) if (name !== 'index.json') expect(cache[name], name).toBe(text);
    const plan = await engine!.plan(small);
    expect(plan.map((p) => p.status)).toEqual(['cached', 'cached']);
    const table = (earlier.nodes.source.outputs!.table as { table: string }).table;
    expect((await engine!.page({ table, offset: 0, limit: 100 })).rows).toHaveLength(10);

    await rm(ballast);
    const again = await engine!.run(small);
    expect(again.status).toBe('succeeded');
    expect(again.nodes.sum.status).toBe('cached');
    expect((await engine!.getRun(again.runId))?.nodes.sum.outputs).toBeDefined();
    expect(await readdir(join(ws, 'runs'))).toContain('.reserve');
  });
});
