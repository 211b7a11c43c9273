/**
 * The malformed-file corpus tests' kit: a temporary folder to build files in, and the import node
 * run on one of them with a fresh test context (closed after each test).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import type { NodeError } from '../../engine/node-run.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { importDatasetDef } from '../import-dataset/def.js';
import { importDatasetRunner } from '../import-dataset/run.js';

/** Registers the folder's and the context's clean-up with vitest; call once at the top of a test file. */
export function useImportCorpus() {
  const dir = mkdtempSync(join(tmpdir(), 'ls-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let current: FakeContext | undefined;
  afterEach(() => current?.data.close());

  const file = (name: string, content: string | Buffer): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const importFile = async (path: string) => {
    current = await createTestContext({ baseDir: dir });
    const out = await importDatasetRunner.run(current, {}, { ...defaultParams(importDatasetDef.params), path });
    return { table: out.table as TableValue, rejects: out.rejects as TableValue };
  };
  const importError = async (path: string): Promise<NodeError> => (await importFile(path).catch((e: unknown) => e)) as NodeError;
  /** The context of the last import. */
  const ctx = (): FakeContext => current!;
  return { dir, file, importFile, importError, ctx };
}
