/**
 * A CSV file dropped on the window becomes an import node for it, and its first rows are shown at
 * once, parsed in the window by papaparse (the engine reads the whole file with DuckDB when it runs).
 */
import Papa from 'papaparse';
import type { NodeDef } from '../../engine/node-def.js';
import type { CsvPreview } from '../store/ui-slice.js';

/** Rows shown in the instant preview. */
export const PREVIEW_ROWS = 20;
/** Bytes read for the preview; enough for the first rows of any sane CSV. */
const PREVIEW_BYTES = 256 * 1024;

/**
 * The node type that imports a CSV: no inputs, a table output and an input-file param accepting
 * .csv. Found from the defs, so the window names no node type.
 */
export function findCsvImporter(defs: readonly NodeDef[]): { def: NodeDef; param: string } | undefined {
  for (const def of defs) {
    if (def.inputs.length > 0 || !def.outputs.some((p) => p.kind === 'table')) continue;
    for (const [name, spec] of Object.entries(def.params)) {
      if (spec.kind === 'file' && spec.mode !== 'output' && (spec.extensions ?? []).some((e) => e.toLowerCase().replace(/^\./, '') === 'csv')) {
        return { def, param: name };
      }
    }
  }
  return undefined;
}

/** Whether a dropped file looks like a CSV. */
export function isCsvFile(file: { name: string; type: string }): boolean {
  return /\.(csv|tsv|txt)$/i.test(file.name) || file.type === 'text/csv';
}

/**
 * The first rows of a CSV text, header first. A partial last line (the preview cut the file) is
 * dropped rather than shown half.
 *
 * @example
 * previewCsv('a,b\n1,2\n', 'x.csv') // { fileName: 'x.csv', header: ['a','b'], rows: [['1','2']], errors: [] }
 */
export function previewCsv(text: string, fileName: string, truncated = false): CsvPreview {
  const body = truncated ? text.slice(0, Math.max(text.lastIndexOf('\n'), 0)) : text;
  const parsed = Papa.parse<string[]>(body, { preview: PREVIEW_ROWS + 1, skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  return {
    fileName,
    header,
    rows,
    errors: parsed.errors.slice(0, 3).map((e) => `row ${(e.row ?? 0) + 1}: ${e.message}`),
  };
}

/** Reads the start of a dropped file and previews it. */
export async function previewCsvFile(file: File): Promise<CsvPreview> {
  const truncated = file.size > PREVIEW_BYTES;
  const text = await file.slice(0, PREVIEW_BYTES).text();
  return previewCsv(text, file.name, truncated);
}
