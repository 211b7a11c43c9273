/** Samples that only prepare data: figures counted from the CSV files (python csv module; see each comment). */
import { expect } from 'vitest';
import { table, type Expectations } from './harness.js';

export const prepareSamples: Expectations = {
  // iris.csv: 150 data lines; one exact duplicate (a virginica row) -> 149; stratified 20% test per
  // species: round(50*.2)+round(50*.2)+round(49*.2) = 10+10+10 = 30, train 119.
  'iris-prepare.pipeline.json': {
    rows: { import: { table: 150, rejects: 0 }, clean: { output: 149 }, split: { train: 119, test: 30, validation: 0 } },
    columns: { import: { table: 5 }, split: { train: 5 } },
  },
  // penguins.csv: 344 rows; 2 have no bill length (nor any measurement) -> 342 (Adelie 151, Gentoo 123,
  // Chinstrap 68); 9 of those lack sex, filled with the most frequent (MALE 168 vs FEMALE 165);
  // test = round(151*.2)+round(123*.2)+round(68*.2) = 30+25+14 = 69, train 273.
  'penguins-prepare.pipeline.json': {
    rows: { import: { table: 344, rejects: 0 }, clean: { output: 342 }, split: { train: 273, test: 69, validation: 0 } },
    check: async (engine, record) => {
      const profile = await engine.profile(table(record, 'clean', 'output'), ['sex']);
      expect(profile.columns[0].missing).toBe(0);
      expect(profile.columns[0].topValues?.find((t) => t.value === 'MALE')?.count).toBe(168 + 9);
    },
  },
  // adult-train.csv: 32,561 rows, 30,162 without any "?", 23 exact duplicates among those -> 30,139
  // (<=50K 22,633, >50K 7,506). One-hot: workclass 7 + education 16 + marital-status 7 + occupation 14
  // + relationship 6 + race 5 + sex 2 + native-country 41 capped to 20 = 77, plus 6 scaled numbers and
  // income = 84 columns. Test = round(22,633*.2)+round(7,506*.2) = 4,527+1,501 = 6,028, train 24,111.
  'adult-prepare.pipeline.json': {
    rows: { import: { table: 32_561, rejects: 0 }, clean: { output: 30_139 }, encode: { output: 30_139 }, split: { train: 24_111, test: 6_028 } },
    columns: { import: { table: 15 }, encode: { output: 84 }, split: { test: 84 } },
    check: async (engine, record) => {
      const profile = await engine.profile(table(record, 'split', 'test'), ['income', 'age']);
      const income = profile.columns.find((c) => c.name === 'income');
      expect(Object.fromEntries((income?.topValues ?? []).map((t) => [t.value, t.count]))).toEqual({ '<=50K': 4_527, '>50K': 1_501 });
      const age = profile.columns.find((c) => c.name === 'age');
      // Standardised on all 30,139 rows, so a 20% sample has a mean near 0.
      expect(Math.abs(age?.mean ?? 1)).toBeLessThan(0.05);
    },
  },
};
