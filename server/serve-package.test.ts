/** The server serves a registered model package: name and version from its manifest, every file checked first. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeModelPackage } from '../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { startModelServer } from './start.js';
import { trainPenguins } from './testing/penguins-model.js';

let ctx: FakeContext;
let trained: Awaited<ReturnType<typeof trainPenguins>>;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'serve-package' });
  trained = await trainPenguins(ctx.data);
}, 600_000);
afterAll(() => ctx?.data.close());

const packageOf = (dir: string) =>
  writeModelPackage(dir, {
    name: 'penguin species',
    version: 3,
    modelDir: trained.dir,
    lineage: { inputs: [], libraries: {}, missing: ['all: written by a test'] },
  });

it('serves a package under its manifest name and version, with the same predictions as the model folder', async () => {
  const dir = join(ctx.artifactDir, 'package');
  await packageOf(dir);
  const fromPackage = await startModelServer(dir, { port: 0 });
  const fromFolder = await startModelServer(trained.dir, { port: 0 });
  try {
    const meta = (await (await fetch(`${fromPackage.url}/v2/models/penguin-species`)).json()) as { name: string; versions: string[] };
    expect(meta).toMatchObject({ name: 'penguin-species', versions: ['3'] });
    const ask = async (url: string) =>
      (await (
        await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ rows: trained.rows }), headers: { 'content-type': 'application/json' } })
      ).json()) as {
        predictions: unknown[];
        version: string;
      };
    const [a, b] = [await ask(fromPackage.url), await ask(fromFolder.url)];
    expect(a.version).toBe('3');
    expect(a.predictions).toHaveLength(trained.rows.length);
    expect(a.predictions).toEqual(b.predictions);
  } finally {
    await fromPackage.close();
    await fromFolder.close();
  }
});

it('refuses to start on a package whose weights were changed after packaging, naming the file', async () => {
  const dir = join(ctx.artifactDir, 'tampered');
  await packageOf(dir);
  const onnx = join(dir, 'model.onnx');
  const bytes = readFileSync(onnx);
  bytes[bytes.length - 1] ^= 1;
  chmodSync(onnx, 0o644);
  writeFileSync(onnx, bytes);
  await expect(startModelServer(dir, { port: 0 })).rejects.toThrow(/package file model\.onnx .* does not match its sha256/);
});
