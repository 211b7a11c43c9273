/**
 * Trimming and missing markers when the read has settled part of it: the check on the table is
 * skipped only where the file scan (no space byte) or DuckDB's null strings (cells equal to a
 * marker) make it pointless. Expected values by hand from the file text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { useImportCorpus } from '../testing/import-corpus.js';
import { importDatasetDef } from './def.js';
import { importDatasetRunner } from './run.js';

const { dir, file, importFile, ctx } = useImportCorpus();
let own: FakeContext | undefined;
afterEach(() => own?.data.close());
/** The import with params other than the defaults (the corpus kit imports with the defaults). */
async function importWith(path: string, params: Partial<ReturnType<typeof defaultParams<typeof importDatasetDef.params>>>) {
  own = await createTestContext({ baseDir: dir });
  const out = await importDatasetRunner.run(own, {}, { ...defaultParams(importDatasetDef.params), ...params, path });
  return (await own.data.all<{ b: unknown }>(`SELECT b FROM "${(out.table as TableValue).table}" ORDER BY a`)).map((r) => r.b);
}
const column = async (table: string, name: string) =>
  (await ctx().data.all<Record<string, unknown>>(`SELECT "${name}" FROM "${table}" ORDER BY a`)).map((r) => r[name]);

describe('trimming and markers after the read', () => {
  it('a file without spaces: markers, quoted or not, are missing', async () => {
    const { table } = await importFile(file('nospace.csv', 'a,b\n1,NA\n2,"?"\n3,x\n4,null\n'));
    expect(await column(table.table, 'b')).toEqual([null, null, 'x', null]);
  });

  it('a marker written with a space (" NA") still stands for NA in a file without spaces', async () => {
    expect(await importWith(file('spaced-marker.csv', 'a,b\n1,NA\n2,x\n'), { missingMarkers: [' NA'] })).toEqual([null, 'x']);
  });

  it('spaces past the 64 KB sample are still trimmed, and a padded marker there is missing', async () => {
    // 10,000 lines "i,vi" (over 64 KB), then " y " and " NA" on lines 10,002 and 10,003.
    const body = Array.from({ length: 10_000 }, (_, i) => `${i + 1},v${i + 1}`);
    const { table } = await importFile(file('late-spaces.csv', ['a,b', ...body, '10001, y ', '10002, NA', ''].join('\n')));
    const b = await column(table.table, 'b');
    expect(b.slice(-3)).toEqual(['v10000', 'y', null]);
  });
});
