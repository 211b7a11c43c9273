/** How the Datasets panel writes figures: shares as percentages, numbers to 4 significant digits, times in local time. */
import type { DatasetColumn } from '../../engine/datasets/dataset-types.js';

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function figure(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export const when = (ms: number) => new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export const rowsText = (rows: number | null) => (rows === null ? 'rows unknown' : `${rows.toLocaleString('en-US')} rows`);

export function topText(c: DatasetColumn): string {
  return c.topValues?.length ? c.topValues.map((t) => `${t.value ?? '(missing)'} ${t.count.toLocaleString('en-US')}`).join(', ') : '';
}
