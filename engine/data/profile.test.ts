/**
 * Profiles of real files read by DuckDB. Expected figures come from Python over the raw files
 * (csv module or str.split(', ')), written beside each assertion.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from './data-plane.js';
import { profileTable } from './profile.js';

const DATA = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data');
const ADULT =
  'age, workclass, fnlwgt, education, education_num, marital_status, occupation, relationship, race, sex, capital_gain, capital_loss, hours_per_week, native_country, income'.split(
    ', ',
  );
let data: DataPlane;

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  const names = `[${ADULT.map((n) => `'${n}'`).join(', ')}]`;
  await data.run(
    `CREATE TABLE adult AS SELECT * FROM read_csv('${resolve(DATA, 'adult-train.csv')}', header = false, delim = ', ', nullstr = '?', names = ${names})`,
  );
  await data.run(`CREATE TABLE penguins AS SELECT * FROM read_csv('${resolve(DATA, 'penguins.csv')}')`);
});
afterAll(() => data.close());

/** Profiles `table` and returns the SQL statements the profile sent, for the tests about how it works. */
async function profileWatched(table: string) {
  const statements: string[] = [];
  const connection = data.connection;
  const runAndReadAll = connection.runAndReadAll.bind(connection);
  connection.runAndReadAll = (sql, ...rest) => {
    statements.push(sql);
    return runAndReadAll(sql, ...rest);
  };
  try {
    return { profile: await profileTable(data, table), statements };
  } finally {
    connection.runAndReadAll = runAndReadAll;
  }
}

describe('profileTable', () => {
  it('profiles numeric columns: moments, exact quantiles, histogram summing to the non-missing count', async () => {
    const { rowCount, columns } = await profileTable(data, 'adult', ['age', 'education_num']);
    expect(rowCount).toBe(32_561);
    const [age, edu] = columns;
    // python: ages = [int(r[0]) ...]: min 17, max 90, mean 38.58164675532078, stdev 13.640432553581341, median 37
    expect(age).toMatchObject({ name: 'age', count: 32_561, missing: 0, min: 17, max: 90 });
    expect(age.mean).toBeCloseTo(38.58164675532078, 9);
    expect(age.std).toBeCloseTo(13.640432553581341, 9);
    expect(age.quantiles?.['50%']).toBe(37);
    expect(age.histogram?.bins).toHaveLength(20);
    expect(age.histogram!.bins.reduce((s, b) => s + b.count, 0)).toBe(32_561);
    // A small whole-number range gets one bin per value. python Counter(int(r[4])), values 1..16:
    expect(edu.histogram?.bins.map((b) => [b.from, b.count])).toEqual([
      [1, 51],
      [2, 168],
      [3, 333],
      [4, 646],
      [5, 514],
      [6, 933],
      [7, 1175],
      [8, 433],
      [9, 10501],
      [10, 7291],
      [11, 1382],
      [12, 1067],
      [13, 5355],
      [14, 1723],
      [15, 576],
      [16, 413],
    ]);
  });

  it('profiles text columns with missing counts, distinct counts and top values', async () => {
    const { columns } = await profileTable(data, 'adult', ['workclass']);
    const [w] = columns;
    // python Counter(r[1]): '?' 1836; 8 other values; Private 22696, Self-emp-not-inc 2541, Local-gov 2093
    expect(w).toMatchObject({ count: 32_561 - 1_836, missing: 1_836, distinct: 8 });
    expect(w.topValues?.slice(0, 3)).toEqual([
      { value: 'Private', count: 22_696 },
      { value: 'Self-emp-not-inc', count: 2_541 },
      { value: 'Local-gov', count: 2_093 },
    ]);
    expect(w.topValues).toHaveLength(8);
    expect(w.histogram).toBeUndefined();
  });

  it('profiles every column of penguins by default', async () => {
    const p = await profileTable(data, 'penguins');
    expect(p.columns.map((c) => c.name)).toEqual(['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
    const bill = p.columns[2];
    // python csv: 342 non-empty bill lengths, 164 distinct, min 32.1, max 59.6, mean 43.9219298245614
    expect(bill).toMatchObject({ count: 342, missing: 2, distinct: 164, min: 32.1, max: 59.6 });
    expect(bill.mean).toBeCloseTo(43.9219298245614, 9);
    expect(bill.histogram!.bins.reduce((s, b) => s + b.count, 0)).toBe(342);
    // python: sorted values, linear interpolation at h = (n - 1) q (numpy's default method)
    const q = bill.quantiles!;
    [35.7, 39.225, 44.45, 48.5, 51.995].forEach((v, i) => expect(q[['5%', '25%', '50%', '75%', '95%'][i]]).toBeCloseTo(v, 9));
    expect(bill.histogram!.bins[0].from).toBe(32.1);
    expect(bill.histogram!.bins.at(-1)!.to).toBeCloseTo(59.6, 9);
    // python Counter(sex): MALE 168, FEMALE 165, '' 11
    expect(p.columns[6]).toMatchObject({
      missing: 11,
      topValues: [
        { value: 'MALE', count: 168 },
        { value: 'FEMALE', count: 165 },
      ],
    });
  });

  it('above the exact-quantile limit, keeps counts exact and estimates quantiles', async () => {
    await data.run(`CREATE TABLE big AS SELECT i, i % 7 AS k, 'v' || (i % 13) AS s FROM range(300000) t(i)`);
    const [i, k, s] = (await profileTable(data, 'big')).columns;
    expect(i).toMatchObject({ count: 300_000, missing: 0, min: 0, max: 299_999 });
    expect(Math.abs(i.quantiles!['50%']! - 149_999.5)).toBeLessThan(3_000);
    expect(i.distinct).toBe(300_000);
    expect(i.approximateQuantiles).toBe(true);
    // Few distinct values: quantiles from the value counts, exact at any size. k = i % 7 puts
    // 42,858 rows on 0 and 42,857 on each of 1..6; ranks (n - 1) q = 15,000 / 75,000 / 150,000 /
    // 225,000 / 285,000 (rounded) fall on the values 0, 1, 3, 5, 6.
    expect(k.approximateQuantiles).toBeUndefined();
    expect(k.quantiles).toEqual({ '5%': 0, '25%': 1, '50%': 3, '75%': 5, '95%': 6 });
    expect(i.histogram!.bins.map((b) => b.count)).toEqual(new Array(20).fill(15_000));
    expect(k.histogram!.bins.map((b) => b.count)).toEqual([42_858, 42_857, 42_857, 42_857, 42_857, 42_857, 42_857]);
    // 300000 = 13 * 23076 + 12: v0..v11 appear 23077 times, v12 23076 times; ties sort by value.
    expect(s.topValues!.slice(0, 3)).toEqual([
      { value: 'v0', count: 23_077 },
      { value: 'v1', count: 23_077 },
      { value: 'v10', count: 23_077 },
    ]);
  });

  it('on a table of several row groups, counts the distinct values of varied columns one column per statement', async () => {
    // 130,000 rows (two row groups): i has 130,000 distinct values, i % 65,000 has 65,000, i % 5 has 5 (a value-count column).
    await data.run(`CREATE TABLE groups2 AS SELECT i, i % 65000 AS h, i % 5 AS f FROM range(130000) t(i)`);
    const { profile, statements } = await profileWatched('groups2');
    const [i, h, f] = profile.columns;
    expect([i.distinct, h.distinct, f.distinct]).toEqual([130_000, 65_000, 5]);
    const distinctCounts = statements.filter((sql) => sql.includes('count(DISTINCT'));
    expect(distinctCounts).toHaveLength(2);
    expect(distinctCounts.every((sql) => sql.split('count(DISTINCT').length === 2)).toBe(true);
  });

  it('leaves NaN and infinities out of the statistics instead of failing', async () => {
    await data.run(`CREATE TABLE odd AS SELECT * FROM (VALUES ('NaN'::DOUBLE), ('inf'::DOUBLE), (1.5), (2.5), (NULL)) t(g)`);
    const [g] = (await profileTable(data, 'odd')).columns;
    // NaN, inf, 1.5, 2.5: four distinct values, though only two enter the statistics.
    expect(g).toMatchObject({ count: 4, missing: 1, distinct: 4, min: 1.5, max: 2.5, mean: 2 });
    expect(g.histogram!.bins.reduce((s, b) => s + b.count, 0)).toBe(2);
  });

  it('counts the distinct NaN and infinities apart, only for the columns that hold any', async () => {
    // a: 1, 2, NaN, NaN, inf, -inf (2 finite + 3 non-finite distinct values); b: 1.5, 2.5 and 3.5, then NULLs.
    await data.run(
      `CREATE TABLE nf AS SELECT a::DOUBLE AS a, b::DOUBLE AS b FROM (VALUES ('1', '1.5'), ('2', '2.5'), ('NaN', '3.5'), ('NaN', NULL), ('inf', NULL), ('-inf', NULL)) t(a, b)`,
    );
    const { profile, statements } = await profileWatched('nf');
    const [a, b] = profile.columns;
    expect(a).toMatchObject({ count: 6, missing: 0, distinct: 5, min: 1, max: 2, mean: 1.5 });
    expect(b).toMatchObject({ count: 3, missing: 3, distinct: 3, min: 1.5, max: 3.5, mean: 2.5 });
    const nonFinite = statements.filter((sql) => sql.includes('NOT isfinite'));
    expect(nonFinite).toHaveLength(1);
    expect(nonFinite[0]).toContain('"a"');
    expect(nonFinite[0]).not.toContain('"b"');
  });

  it('profiles kddcup 10% (494,021 rows): value-count and wide columns, only the columns asked for', async () => {
    const kdd = resolve(DATA, 'kddcup.data_10_percent.csv.gz');
    await data.run(`CREATE TABLE kdd AS SELECT * FROM read_csv('${kdd}', header = false)`);
    const p = await profileTable(data, 'kdd', ['column00', 'column05', 'column41']);
    expect(p.rowCount).toBe(494_021);
    const [duration, dstBytes, label] = p.columns;
    // python csv over the unzipped file: column 0 has 2,495 distinct values, mean 47.97930249928647,
    // stdev 707.7464723053744, every quantile up to 95% is 0; column 5 has 10,725 distinct values,
    // min 0, max 5,155,468, mean 868.5324247349809; labels: smurf. 280,790, neptune. 107,201, normal. 97,278.
    // Column 5's quantiles, pandas Series.quantile (linear, as quantile_cont): 0, 0, 0, 0, 2,417.
    expect(duration).toMatchObject({ count: 494_021, missing: 0, distinct: 2_495, min: 0, max: 58_329 });
    expect(duration.mean).toBeCloseTo(47.97930249928647, 9);
    expect(duration.std).toBeCloseTo(707.7464723053744, 9);
    expect(duration.quantiles).toEqual({ '5%': 0, '25%': 0, '50%': 0, '75%': 0, '95%': 0 });
    expect(duration.histogram!.bins.reduce((s, b) => s + b.count, 0)).toBe(494_021);
    // Under 20,000 distinct values: exact quantiles from the value counts, though the table is large.
    expect(dstBytes).toMatchObject({ distinct: 10_725, min: 0, max: 5_155_468, quantiles: { '5%': 0, '25%': 0, '50%': 0, '75%': 0, '95%': 2_417 } });
    expect(dstBytes.approximateQuantiles).toBeUndefined();
    expect(dstBytes.mean).toBeCloseTo(868.5324247349809, 6);
    expect(dstBytes.histogram!.bins.reduce((s, b) => s + b.count, 0)).toBe(494_021);
    expect(label.topValues!.slice(0, 3)).toEqual([
      { value: 'smurf.', count: 280_790 },
      { value: 'neptune.', count: 107_201 },
      { value: 'normal.', count: 97_278 },
    ]);
  });

  it('names unknown columns', async () => {
    await expect(profileTable(data, 'penguins', ['mass'])).rejects.toThrow(/Unknown column "mass" in table "penguins"/);
  });
});
