// @vitest-environment happy-dom
/**
 * Two versions side by side: a figure that differs is marked on both sides, one that does not is not,
 * and a column only one version has says so; search matches path, id and the models made from a version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { DatasetDetail, DatasetListItem } from '../../engine/datasets/dataset-types.js';
import { DatasetCompare } from './dataset-compare.js';
import { matchesSearch, previousVersion } from './use-datasets.js';

function version(id: string, v: number, columns: DatasetDetail['columns'], rows: number): DatasetDetail {
  return {
    id,
    version: v,
    fingerprint: `10:${id.slice(3)}`,
    bytes: 10,
    path: '/d/a.csv',
    paths: ['/d/a.csv'],
    kind: 'table',
    rows,
    columns,
    firstSeen: v,
    lastSeen: v,
    runs: [],
    runCount: 1,
    models: [],
  };
}

afterEach(cleanup);

describe('DatasetCompare', () => {
  it('marks what changed, on both sides, and names a column one version lacks', () => {
    const a = version(
      'ds-aaaaaaaaaaaaaaaa',
      2,
      [
        { name: 'age', type: 'BIGINT', missingShare: 0, distinct: 10, mean: 40, min: 17, max: 90 },
        { name: 'sex', type: 'VARCHAR', missingShare: 0.1, distinct: 2, topValues: [{ value: 'M', count: 6 }] },
        { name: 'new', type: 'VARCHAR', missingShare: 0, distinct: 1 },
      ],
      10,
    );
    const b = version(
      'ds-bbbbbbbbbbbbbbbb',
      1,
      [
        { name: 'age', type: 'BIGINT', missingShare: 0, distinct: 10, mean: 41.5, min: 17, max: 90 },
        { name: 'sex', type: 'VARCHAR', missingShare: 0.1, distinct: 2, topValues: [{ value: 'M', count: 6 }] },
      ],
      9,
    );
    render(<DatasetCompare a={a} b={b} choices={[]} compareWith={b.id} onCompareWith={() => undefined} />);
    const row = (name: string) => screen.getByTestId('dataset-compare').querySelector(`tr[data-column="${name}"]`)!;
    expect([...row('age').querySelectorAll('td[data-changed]')].map((td) => td.textContent)).toEqual(['40', '41.5']);
    expect(row('sex').querySelectorAll('td[data-changed]')).toHaveLength(0);
    expect(row('new').textContent).toContain('not in this version');
    expect(screen.getByRole('table').querySelector('thead')!.textContent).toContain('a.csv v2 10 rows');
  });

  it('search and the default version to compare with', () => {
    const item = (id: string, v: number, models: DatasetListItem['models'] = []): DatasetListItem => ({
      id,
      path: '/data/adult.csv',
      version: v,
      kind: 'table',
      bytes: 1,
      rows: 1,
      columnCount: 1,
      firstSeen: v,
      lastSeen: v,
      runCount: 1,
      models,
    });
    const list = [item('ds-2222222222222222', 2, [{ name: 'income', version: 3 }]), item('ds-1111111111111111', 1)];
    expect(list.filter((d) => matchesSearch(d, 'INCOME v3')).map((d) => d.version)).toEqual([2]);
    expect(list.filter((d) => matchesSearch(d, 'adult ds-1111')).map((d) => d.version)).toEqual([1]);
    expect(list.filter((d) => matchesSearch(d, 'titanic'))).toEqual([]);
    expect(previousVersion(list, 'ds-2222222222222222')).toBe('ds-1111111111111111');
    expect(previousVersion(list, 'ds-1111111111111111')).toBeUndefined();
  });
});
