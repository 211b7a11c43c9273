import { describe, expect, it } from 'vitest';
import { compareProfiles, type ColumnProfile } from './compare.js';
import { referenceProfiles } from './profiles.js';
import { categoricalSample } from './sample.js';

const profile = (name: string, pairs: [string, number][]): ColumnProfile => {
  const sample = categoricalSample(pairs);
  return { name, type: 'VARCHAR', rows: sample.n, missing: 0, sample };
};

describe('compareProfiles', () => {
  it('against a package that lumped its rare categories, unlisted current values fall in that bucket', () => {
    // Stored: a 50, b 30, and 20 rows of categories past the top ones.
    const [reference] = referenceProfiles({
      table: 't',
      rows: 100,
      columns: [
        {
          name: 'kind',
          type: 'VARCHAR',
          kind: 'categorical',
          rows: 100,
          missing: 0,
          missingShare: 0,
          categories: [
            { value: 'a', count: 50 },
            { value: 'b', count: 30 },
          ],
          otherCount: 20,
        },
      ],
    });
    // The same shares, the 20% spread over c and d: no drift can be seen, and c, d are not known to be new.
    const s = compareProfiles(
      [reference],
      [
        profile('kind', [
          ['a', 50],
          ['b', 30],
          ['c', 10],
          ['d', 10],
        ]),
      ],
    );
    expect(s.columns[0]).toMatchObject({ column: 'kind', method: 'chisquare', drifted: false, newCategories: [], approximate: true });
    expect(s.columns[0].score).toBeCloseTo(1, 12);
  });

  it('names new categories of a table reference, most frequent first', () => {
    const s = compareProfiles(
      [
        profile('kind', [
          ['a', 5],
          ['b', 5],
        ]),
      ],
      [
        profile('kind', [
          ['a', 5],
          ['z', 1],
          ['y', 3],
        ]),
      ],
    );
    expect(s.columns[0].newCategories).toEqual(['y', 'z']);
  });
});
