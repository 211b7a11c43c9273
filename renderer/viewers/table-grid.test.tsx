// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { StudioApi } from '../../engine/contract.js';
import type { PageRequest, PageResult } from '../../engine/engine-types.js';
import type { ColumnInfo } from '../../engine/values.js';
import { StudioApiProvider } from '../store/api-context.js';
import { TableGrid } from './table-grid.js';

const columns: ColumnInfo[] = [
  { name: 'id', type: 'BIGINT' },
  { name: 'label', type: 'VARCHAR' },
];

/** A host whose pages are computed from the offset, so every row says which row it is. */
function fakeApi(rowCount: number) {
  const requests: PageRequest[] = [];
  const api = {
    page: async (req: PageRequest): Promise<PageResult> => {
      requests.push(req);
      const n = Math.max(0, Math.min(req.limit, rowCount - req.offset));
      const desc = req.sort?.direction === 'desc';
      const rows = Array.from({ length: n }, (_, i) => {
        const id = desc ? rowCount - 1 - (req.offset + i) : req.offset + i;
        return [id, `row-${id}`];
      });
      return { table: req.table, offset: req.offset, rowCount, columns, rows };
    },
  } as unknown as StudioApi;
  return { api, requests };
}

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

afterEach(cleanup);

describe('TableGrid paging', () => {
  it('asks only for the pages on screen (plus one page of overscan) and renders only visible rows', async () => {
    const { api, requests } = fakeApi(1_000_000);
    render(
      <StudioApiProvider api={api}>
        <TableGrid table="t_big" rowCount={1_000_000} columns={columns} initialHeight={240} />
      </StudioApiProvider>,
    );
    await settle();
    // 240 px / 24 px rows = 10 rows (+1 partial) on screen -> page 0; overscan adds page 1.
    expect(requests.map((r) => [r.offset, r.limit])).toEqual([
      [0, 100],
      [100, 100],
    ]);
    const rendered = document.querySelectorAll('[data-row-index]');
    expect(rendered.length).toBe(11);
    expect(screen.queryByText('row-10')).not.toBeNull();
    expect(screen.getByTestId('grid-row-count').textContent).toBe('1,000,000 rows');
  });

  it('jumps to the middle and fetches just the pages around it', async () => {
    const { api, requests } = fakeApi(1_000_000);
    render(
      <StudioApiProvider api={api}>
        <TableGrid table="t_big" rowCount={1_000_000} columns={columns} initialHeight={240} />
      </StudioApiProvider>,
    );
    await settle();
    requests.length = 0;
    fireEvent.change(screen.getByTestId('jump-row'), { target: { value: '500,001' } });
    fireEvent.click(screen.getByTestId('jump-go'));
    await settle();
    // Row 500,001 (1-based) is index 500,000 on page 5,000 (100 rows a page); pages 4,999 and 5,001 are overscan.
    expect(requests.map((r) => r.offset).sort((a, b) => a - b)).toEqual([499_900, 500_000, 500_100]);
    const first = document.querySelector('[data-row-index]');
    expect(first?.getAttribute('data-row-index')).toBe('500000');
    expect(screen.queryByText('row-500000')).not.toBeNull();
  });

  it('sorts through the engine when a header is clicked, starting again from the top', async () => {
    const { api, requests } = fakeApi(32_561);
    render(
      <StudioApiProvider api={api}>
        <TableGrid table="t_adult" rowCount={32_561} columns={columns} initialHeight={240} />
      </StudioApiProvider>,
    );
    await settle();
    requests.length = 0;
    fireEvent.click(screen.getByTitle('Sort by id'));
    await settle();
    fireEvent.click(screen.getByTitle('Sort by id'));
    await settle();
    expect(requests.map((r) => [r.offset, r.sort?.direction])).toEqual([
      [0, 'asc'],
      [100, 'asc'],
      [0, 'desc'],
      [100, 'desc'],
    ]);
    // Descending: the last id (32,560) comes first.
    expect(document.querySelector('[data-row-index="0"]')?.textContent).toContain('row-32560');
  });

  it('refuses a row number outside the table with the valid range', async () => {
    const { api } = fakeApi(32_561);
    render(
      <StudioApiProvider api={api}>
        <TableGrid table="t_adult" rowCount={32_561} columns={columns} initialHeight={240} />
      </StudioApiProvider>,
    );
    fireEvent.change(screen.getByTestId('jump-row'), { target: { value: '40000' } });
    fireEvent.click(screen.getByTestId('jump-go'));
    await settle();
    expect(screen.queryByText('Row numbers go from 1 to 32,561')).not.toBeNull();
  });

  it('copies a selected block of cells as tab-separated text with its column names', async () => {
    const { api } = fakeApi(32_561);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(
      <StudioApiProvider api={api}>
        <TableGrid table="t_adult" rowCount={32_561} columns={columns} initialHeight={240} />
      </StudioApiProvider>,
    );
    await settle();
    fireEvent.click(screen.getByText('row-1'));
    fireEvent.click(document.querySelector('[data-row-index="3"] [role="gridcell"]')!, { shiftKey: true });
    fireEvent.keyDown(screen.getByTestId('grid-scroll'), { key: 'c', ctrlKey: true });
    await settle();
    // Rows 1..3, columns label..id (the block is normalised whichever corner was clicked first).
    expect(writeText).toHaveBeenCalledWith('id\tlabel\n1\trow-1\n2\trow-2\n3\trow-3');
    expect(screen.queryByText('Copied 6 cells')).not.toBeNull();
  });
});
