import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import { detectTask, fitPreprocessing } from './fit-preprocessing.js';
import { encodeScaled, encodeUnscaled, rawColumnsFromRecords, type FittedEncoding } from './preprocessing.js';
import { readModelInputs } from './table-reader.js';

// The real datasets, reached from the project root as the data README says.
const SHARED_DATA = resolve(process.cwd(), '../shared/data');
let data: DataPlane;
let spec: FittedEncoding;

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run(`CREATE TABLE penguins AS SELECT * FROM read_csv('${SHARED_DATA}/penguins.csv')`);
  await data.run(
    `CREATE TABLE dated AS SELECT * FROM (VALUES (DATE '1970-01-11', true, 'a', 1.5), (NULL, false, NULL, 2.5), (DATE '2000-01-01', NULL, 'b', 3.5)) t(d, flag, cat, y)`,
  );
  const columns = await data.columns('penguins');
  spec = await fitPreprocessing(
    data,
    'penguins',
    columns.filter((c) => c.name !== 'species'),
    columns[0],
    'auto',
  );
});
afterAll(() => data.close());

describe('fitPreprocessing on penguins.csv', () => {
  // Expected figures from pandas on the same file (median, then mean and population std of the imputed column):
  // /usr/bin/python3 -c "import pandas as pd; d=pd.read_csv('penguins.csv'); m=d[c].median(); x=d[c].fillna(m); print(m, x.mean(), x.std(ddof=0))"
  it('imputes numbers with the training median and scales by mean and population std after imputation', () => {
    const bill = spec.features.find((f) => f.name === 'bill_length_mm')!;
    expect(bill.median).toBeCloseTo(44.45, 10);
    const j = spec.encodedNames.indexOf('bill_length_mm');
    expect(spec.scaleMean[j]).toBeCloseTo(43.925, 9);
    expect(spec.scaleStd[j]).toBeCloseTo(5.435873520441087, 9);
    const mass = spec.encodedNames.indexOf('body_mass_g');
    expect(spec.features.find((f) => f.name === 'body_mass_g')!.median).toBe(4050);
    expect(spec.scaleMean[mass]).toBeCloseTo(4200.872093023256, 8);
    expect(spec.scaleStd[mass]).toBeCloseTo(798.5333364699054, 8);
  });

  it('one-hot encodes categories by frequency (pandas value_counts: Biscoe 168, Dream 124, Torgersen 52)', () => {
    expect(spec.features.find((f) => f.name === 'island')!.categories).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(spec.features.find((f) => f.name === 'sex')!.categories).toEqual(['MALE', 'FEMALE']);
    expect(spec.target).toMatchObject({ task: 'classification', labels: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(spec.encodedNames).toHaveLength(4 + 3 + 2);
  });

  it('reads the table in order and encodes it like the records path (the serving path)', async () => {
    const { raw } = await readModelInputs(data, 'penguins', spec);
    expect(raw.rows).toBe(344);
    const fromTable = encodeScaled(spec, raw);
    const rows = await data.all<Record<string, unknown>>('SELECT * FROM penguins');
    const fromRecords = encodeScaled(spec, rawColumnsFromRecords(spec, rows));
    expect(Array.from(fromRecords)).toEqual(Array.from(fromTable));
    // Row 4 of the CSV (index 3) is empty but for Torgersen: numbers take the pandas medians (44.45, 17.3, 197, 4050), sex all zeros.
    // Encoded order follows the table: island (3), four numbers, sex (2).
    const width = spec.encodedNames.length;
    const row3 = Array.from(encodeUnscaled(spec, raw).subarray(3 * width, 4 * width));
    expect(row3).toEqual([0, 0, 1, 44.45, 17.3, 197, 4050, 0, 0].map((v) => Math.fround(v)));
  });

  it('turns an unseen category into all zeros instead of failing', () => {
    const raw = rawColumnsFromRecords(spec, [
      { island: 'Atlantis', sex: 'MALE', bill_length_mm: 40, bill_depth_mm: 18, flipper_length_mm: 190, body_mass_g: 3800 },
    ]);
    const x = encodeUnscaled(spec, raw);
    expect(Array.from(x)).toEqual([0, 0, 0, 40, 18, 190, 3800, 1, 0]);
  });
});

describe('feature kinds', () => {
  it('encodes dates as days since 1970 and booleans as 0/1 in SQL and in records alike', async () => {
    const cols = await data.columns('dated');
    const s = await fitPreprocessing(
      data,
      'dated',
      cols.filter((c) => c.name !== 'y'),
      cols[3],
      'auto',
    );
    expect(s.target.task).toBe('regression');
    expect(s.features.map((f) => f.kind)).toEqual(['date', 'boolean', 'categorical']);
    const { raw } = await readModelInputs(data, 'dated', s);
    const x = Array.from(encodeUnscaled(s, raw));
    // 1970-01-11 is day 10, 2000-01-01 is day 10957; the missing date takes the median (10 + 10957) / 2.
    expect(x).toEqual([10, 1, 1, 0, 5483.5, 0, 0, 0, 10957, 0.5, 0, 1]);
    const records = await data.all<Record<string, unknown>>('SELECT d::VARCHAR AS d, flag, cat FROM dated');
    expect(Array.from(encodeUnscaled(s, rawColumnsFromRecords(s, records)))).toEqual(x);
  });

  it('detects classification for text and few integers, regression for many numbers', async () => {
    expect(await detectTask(data, 'penguins', { name: 'island', type: 'VARCHAR' })).toBe('classification');
    expect(await detectTask(data, 'penguins', { name: 'flipper_length_mm', type: 'BIGINT' })).toBe('regression');
    expect(await detectTask(data, 'penguins', { name: 'bill_depth_mm', type: 'DOUBLE' })).toBe('regression');
  });

  it('keeps the 100 most frequent values per text column, ties by value, and counts the rest as dropped', async () => {
    // Value i (0..149, written v000..v149) appears i div 2 + 1 times, so counts come in tied pairs: by hand, the top 100
    // are the pairs of counts 75 down to 26 (v148 v149, v146 v147, ... v050 v051), 50 values are left out.
    // Column b is the same values backwards (v149 is then the rarest); column c has 2 values and NULLs; rows with no target are not counted.
    await data.run(`CREATE TABLE many AS
      SELECT printf('v%03d', i) AS a, printf('v%03d', 149 - i) AS b, CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 'x' ELSE 'y' END AS c, 1 AS y
      FROM range(150) r(i), range(75) s(j) WHERE j <= i // 2
      UNION ALL SELECT 'zzz', 'zzz', 'zzz', NULL`);
    const columns = await data.columns('many');
    const many = await fitPreprocessing(data, 'many', columns.slice(0, 3), columns[3], 'regression');
    const byName = (n: string) => many.features.find((f) => f.name === n)!;
    const pad = (i: number) => `v${String(i).padStart(3, '0')}`;
    const top = Array.from({ length: 50 }, (_, k) => 75 - k).flatMap((c) => [2 * c - 2, 2 * c - 1]);
    expect(byName('a').categories).toEqual(top.map(pad));
    // In b, value w has count (149 - w) div 2 + 1: the tied pairs are v000 v001, v002 v003, ... so the top 100 are v000..v099 in order.
    expect(byName('b').categories).toEqual(Array.from({ length: 100 }, (_, w) => pad(w)));
    expect(byName('a').droppedCategories).toBe(50);
    expect(byName('b').droppedCategories).toBe(50);
    // c: i % 3 == 1 -> 'x', == 2 -> 'y'; counts by hand: x 1900, y 1925 (sum of i div 2 + 1 over each residue class).
    expect(byName('c').categories).toEqual(['y', 'x']);
    expect(byName('c').droppedCategories).toBe(0);
  });
});

describe('encodeScaled', () => {
  it('gives, bit for bit, encodeUnscaled then the scaling of every cell, missing, infinite and unseen values included', () => {
    const spec: FittedEncoding = {
      features: [
        { name: 'x', sourceType: 'DOUBLE', kind: 'numeric', median: 2.5 },
        { name: 'c', sourceType: 'VARCHAR', kind: 'categorical', categories: ['a', 'b', 'c'] },
        { name: 'y', sourceType: 'DOUBLE', kind: 'numeric', median: -1 },
      ],
      target: { name: 't', sourceType: 'VARCHAR', task: 'classification', labels: ['no', 'yes'] },
      encodedNames: ['x', 'c=a', 'c=b', 'c=c', 'y'],
      scaleMean: [1.1, 0.3, 0.2, 0.5, -7.25],
      scaleStd: [0.7, 0.45, 0.4, 0.5, 3.3],
      fittedOn: { table: 't', rows: 0, fingerprint: '' },
    };
    // 1,000 rows (several encoder tiles and row-doubling copies): values from a fixed sequence, with
    // NaN, +-Infinity and codes -1 (missing) and 3 (out of the vocabulary) mixed in.
    const rows = 1000;
    const x = Float64Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? NaN : i % 29 === 0 ? Infinity : i % 31 === 0 ? -Infinity : Math.sin(i) * 1e3));
    const codes = Int32Array.from({ length: rows }, (_, i) => (i % 7) - 2);
    const y = Float64Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? NaN : i / 3));
    const raw = { rows, columns: [x, codes, y] };
    const twoSteps = encodeUnscaled(spec, raw);
    for (let r = 0; r < rows; r++) for (let j = 0; j < 5; j++) twoSteps[r * 5 + j] = (twoSteps[r * 5 + j] - spec.scaleMean[j]) / spec.scaleStd[j];
    const fused = encodeScaled(spec, raw);
    expect(Buffer.from(fused.buffer).equals(Buffer.from(twoSteps.buffer))).toBe(true);
    // The median stands in for NaN and infinities; row 0's x is NaN, its code -2 leaves the one-hot columns at 0.
    expect(fused[0]).toBe(Math.fround((Math.fround(2.5) - 1.1) / 0.7));
    expect(Array.from(fused.subarray(1, 4))).toEqual([0, 1, 2].map((j) => Math.fround((0 - spec.scaleMean[j + 1]) / spec.scaleStd[j + 1])));
    expect(encodeScaled(spec, { rows: 0, columns: [new Float64Array(0), new Int32Array(0), new Float64Array(0)] })).toHaveLength(0);
  });
});
