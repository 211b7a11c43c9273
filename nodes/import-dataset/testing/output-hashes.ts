/**
 * Before/after proof for changes to the import: runs the node on a corpus (the damaged files the
 * corpus tests build, each also gzipped, the shared datasets, kddcup) and prints, per file, the row
 * count, column names and types and an order-sensitive md5 of every column of the table and of the
 * rejects, or the error, plus the logs and the tables left. Run it in two checkouts and diff:
 *
 *   node --import tsx nodes/import-dataset/testing/output-hashes.ts /tmp/corpus > after.jsonl
 *   (cp this file into the other checkout's nodes/import-dataset/testing/, run it there > before.jsonl)
 *   diff before.jsonl after.jsonl
 *
 * Optional second argument: only the cases whose name contains it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { ident, openDataPlane, type DataPlane } from '../../../engine/data/data-plane.js';
import { defaultParams } from '../../../engine/node-def.js';
import type { NodeError } from '../../../engine/node-run.js';
import type { TableValue } from '../../../engine/values.js';
import { createFakeContext } from '../../../engine/testing/fake-context.js';
import { importDatasetDef } from '../def.js';
import { importDatasetRunner } from '../run.js';
import { ADULT_COLUMNS } from '../../testing/test-data.js';
const D = new URL('../../../../shared/data', import.meta.url).pathname;
const dir = process.argv[2];
if (!dir) throw new Error('usage: output-hashes.ts <folder for the corpus files> [case filter]');
mkdirSync(dir, { recursive: true });
const only = process.argv[3];
const kdd = readFileSync(`${D}/kddcup.data_10_percent.csv.gz`);
const flipped = Buffer.from(kdd);
for (let i = 500_000; i < 500_040; i++) flipped[i] ^= 0x55;
const longLate = () => {
  const l = ['id,name'];
  for (let id = 1; id <= 30_000; id++) l.push(id === 25_000 ? `${id},${'q'.repeat(33_000_000)}` : `${id},n${id}`);
  return l.join('\n') + '\n';
};
const small: Record<string, string | Buffer> = {
  'ragged.csv': 'id,name,score\n1,a,10\n2,b\n3,c,30,extra\n4,d,40\n5,e,50\n',
  'unclosed-mid.csv': 'id,name,score\n1,"Smith, A",10\n2,"Jones, B,20\n3,"Lee, C",30\n4,"Kim, D",40\n5,"Park, E",50\n',
  'lone-quote.csv': 'id,name,score\n1,a,10\n2,"b,20\n3,c,30\n4,d,40\n',
  'header-only.csv': 'id,name,score\n',
  'bom.csv': '\ufeffid,name\n1,a\n2,b\n',
  'dup.csv': 'a,b,a,A\n1,2,3,4\n5,6,7,8\n',
  'mixed.csv': 'a,b\r\n1,2\n3,4\r5,6\r\n7,8\n',
  'crlf-lf.csv': 'a,b\r\n1,2\n3,4\r\n5,6\n',
  'padded.csv': 'a, b, c\n1, x , ?\n2, ?, y\n 3,NA, z \n4,,w\n',
  'long-first.csv': `id,name\n9,${'y'.repeat(40_000_000)}\n1,x\n3,z\n4,w\n`,
  'latin.csv': Buffer.from('city,n\nMontr\xe9al,3\nQu\xe9bec,4\n', 'latin1'),
  'padded-quoted.csv': 'name, city, when\n"Smith, A", Paris, 2020-01-02\n"Lee, B", ?, 2021-03-04\n"Kim, C" , Rome , 2022-05-06\n',
  'padded-crlf.csv': 'a, b\r\n1, x\r\n2, y\r\n3, ?\r\n',
  'padded-semicolon.csv': 'a; b; c\n1; 2,5; x\n2; 3,5; y\n',
  'padded-dates.csv': 'd, t, n\n02/01/2020, 2020-01-02 10:00:00, 1\n03/01/2020, 2020-01-03 11:30:00, 2\n',
  'padded-escape.csv': 'a, b\n1, "x \\"y\\" z"\n2, "w"\n',
  'padded-doubled.csv': 'a, b\n1, "x ""y"" z"\n2, "w"\n',
  'padded-noheader.csv': '1, x, 2.5\n2, y, 3.5\n3, ?, 4.5\n',
  'padded-bad-late.csv':
    'a, b\n' + Array.from({ length: 30000 }, (_, i) => (i === 25000 ? `${i}, oops` : i === 26000 ? `${i}, 1, 2` : `${i}, ${i * 2}`)).join('\n') + '\n',
  'padded-comment.csv': '# made by hand\na, b\n1, x\n2, y\n',
  'bad-type-late.csv': 'a,b\n' + Array.from({ length: 30000 }, (_, i) => `${i},${i === 25000 ? 'oops' : i * 2}`).join('\n') + '\n',
};
const cases: { name: string; path: string; params?: Record<string, unknown> }[] = [];
const put = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
for (const [n, c] of Object.entries(small)) {
  cases.push({ name: n, path: put(n, c) });
  cases.push({ name: n + '.gz', path: put(n + '.gz', gzipSync(c)) });
}
cases.push({ name: 'long-late.csv.gz', path: put('long-late.csv.gz', gzipSync(longLate())) });
cases.push({ name: 'cut.csv.gz', path: put('cut.csv.gz', kdd.subarray(0, Math.floor(kdd.length / 2))) });
const whole = gzipSync('a,b\n1,2\n3,4\n');
cases.push({ name: 'no-trailer.csv.gz', path: put('no-trailer.csv.gz', whole.subarray(0, whole.length - 8)) });
cases.push({ name: 'flipped.csv.gz', path: put('flipped.csv.gz', flipped) });
cases.push({ name: 'packed.csv', path: put('packed.csv', gzipSync('a,b\n1,2\n3,4\n')) });
cases.push({ name: 'plain.csv.gz', path: put('plain2.csv.gz', 'a,b\n1,2\n3,4\n') });
cases.push({ name: 'empty.csv.gz', path: put('empty.csv.gz', Buffer.from('1f8b080000000000000303000000000000000000', 'hex')) });
const adultP = { header: 'no', columnNames: ADULT_COLUMNS, missingMarkers: ['?', ''] };
cases.push({ name: 'adult-train (bench params)', path: `${D}/adult-train.csv`, params: adultP });
cases.push({ name: 'adult-test (bench params)', path: `${D}/adult-test.csv`, params: adultP });
cases.push({ name: 'adult-train.gz (bench params)', path: put('adult-train.csv.gz', gzipSync(readFileSync(`${D}/adult-train.csv`))), params: adultP });
cases.push({ name: 'adult-train (defaults)', path: `${D}/adult-train.csv` });
cases.push({ name: 'adult-train (types)', path: `${D}/adult-train.csv`, params: { ...adultP, columnTypes: [{ column: 'age', type: 'DOUBLE' }] } });
for (const f of ['titanic_raw.csv', 'penguins.csv', 'diamonds.csv', 'iris.csv', 'tips.csv']) cases.push({ name: f, path: `${D}/${f}` });
cases.push({ name: 'nospace-markers.csv', path: put('nospace-markers.csv', 'a,b\n1,NA\n2,"?"\n3,x\n4,null\n') });
cases.push({ name: 'marker-with-spaces.csv', path: put('marker-with-spaces.csv', 'a,b\n1,NA\n2,x\n'), params: { missingMarkers: [' NA'] } });
cases.push({ name: 'no-trim.csv', path: put('no-trim.csv', 'a,b\n1, x\n2,y \n'), params: { trimSpaces: false } });
cases.push({ name: 'markers.jsonl', path: put('markers.jsonl', '{"a":"NA","b":"\\u0020x"}\n{"a":"y","b":" z "}\n') });
cases.push({ name: 'kddcup.gz', path: `${D}/kddcup.data_10_percent.csv.gz` });

async function hashTable(data: DataPlane, table: string) {
  const cols = await data.columns(table);
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${table}"`);
  const parts = cols.map((c, i) => `md5(string_agg(coalesce(CAST(${ident(c.name)} AS VARCHAR), '<NULL>'), chr(31) ORDER BY rowid)) AS "h${i}"`);
  const [h] = cols.length ? await data.all(`SELECT ${parts.join(', ')} FROM "${table}"`) : [{}];
  return { rows: n, columns: cols.map((c) => `${c.name}:${c.type}`), hashes: Object.values(h) };
}
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const ws = mkdtempSync(join(tmpdir(), 'ls-hash-'));
  const data = await openDataPlane(join(ws, 'w.duckdb'));
  const ctx = createFakeContext(data, { nodeId: 'h', baseDir: dir });
  let out: unknown;
  try {
    const r = await importDatasetRunner.run(ctx, {}, { ...defaultParams(importDatasetDef.params), path: c.path, ...(c.params ?? {}) });
    out = {
      table: await hashTable(data, (r.table as TableValue).table),
      rejects: await hashTable(data, (r.rejects as TableValue).table),
      rejectRows: await data.all(`SELECT line, "column", problem, message FROM ${ident((r.rejects as TableValue).table)} ORDER BY rowid LIMIT 5`),
    };
  } catch (e) {
    const err = e as NodeError;
    out = { error: err.code, message: err.message, hint: err.hint };
  }
  const logs = ctx.logs.map((l) => `${l.level}: ${l.message.replace(/; \d+ ms$/, '')}`);
  const tables = (await data.all<{ table_name: string }>(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).map((r) => r.table_name);
  console.log(JSON.stringify({ case: c.name, ...(out as object), logs, progress: ctx.progressCalls.at(-1)?.message, tablesLeft: tables }));
  data.close();
  rmSync(ws, { recursive: true, force: true });
}
