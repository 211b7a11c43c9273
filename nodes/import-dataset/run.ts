/**
 * Import dataset runner: one DuckDB scan of the file into the node's table, malformed lines kept
 * in the rejects table, then column names, trimming and missing markers applied in SQL.
 */
import { formatCount } from '../../engine/format-count.js';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { ParamsOf } from '../../engine/node-def.js';
import { importDatasetDef, OVERRIDE_TYPES } from './def.js';
import { importCsv } from './csv-import.js';
import { checkSample, detectEncoding, detectFormat, sampleFile } from './detect.js';
import { columnCountError, explainReadError } from './errors.js';
import { longLineInSample, newlineByte, readChecked, watchFile } from './file-scan.js';
import { cleanTextExpr, readOtherSql, type CsvReadOptions } from './read-sql.js';
import { rejectsValue, summaryMessage, writeRejects } from './rejects.js';
import { flattenPredictionLog } from './prediction-rows.js';

type Params = ParamsOf<typeof importDatasetDef>;

async function requireFile(ctx: RunContext, path: string): Promise<string> {
  if (path.trim() === '') {
    throw new NodeError('MISSING_PARAM', 'No file chosen.', 'Pick the data file in the File param.');
  }
  const abs = ctx.resolvePath(path);
  const info = await stat(abs).catch(() => undefined);
  if (!info) {
    throw new NodeError(
      'FILE_NOT_FOUND',
      `File not found: ${abs}`,
      `Check the File param ("${path}"): relative paths are read from the pipeline file's folder. Move the file there or pick it again.`,
    );
  }
  if (!info.isFile()) throw new NodeError('NOT_A_FILE', `${abs} is a folder, not a file.`, 'Pick one data file inside it.');
  if (info.size === 0) throw new NodeError('EMPTY_FILE', `${abs} is empty (0 bytes).`, 'Pick the file that holds the data, or export it again.');
  return abs;
}

function cleanNames(names: readonly string[]): string[] {
  const out = names.map((n) => n.trim());
  if (out.some((n) => n === ''))
    throw new NodeError('INVALID_PARAM', 'A column name in "Column names" is empty.', 'Give every column a name, or leave the whole list empty.');
  const seen = new Set<string>();
  for (const n of out) {
    if (seen.has(n.toLowerCase()))
      throw new NodeError('INVALID_PARAM', `Column name "${n}" appears twice in "Column names".`, 'Column names must be unique (case does not count).');
    seen.add(n.toLowerCase());
  }
  return out;
}

function checkOverrides(params: Params): void {
  for (const o of params.columnTypes) {
    if (!(OVERRIDE_TYPES as readonly string[]).includes(o.type)) {
      throw new NodeError('INVALID_PARAM', `Column type override for "${o.column}": unknown type "${o.type}".`, `Use one of ${OVERRIDE_TYPES.join(', ')}.`);
    }
  }
}

function unknownColumn(column: string, names: readonly string[]): NodeError {
  return new NodeError('UNKNOWN_COLUMN', `Column type override names "${column}", which is not a column of the file.`, `The columns are: ${names.join(', ')}.`);
}

/** Renames columns in place (metadata only, no data copied). */
async function renameColumns(data: DataPlane, table: string, from: readonly string[], to: readonly string[]): Promise<void> {
  // Two steps, so swapping names (a <-> b) never collides with a column that still has the old name.
  const changed = from.map((f, i) => [f, to[i], `__import_tmp_${i}`] as const).filter(([f, t]) => f !== t);
  for (const [f, , tmp] of changed) await data.run(`ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(f)} TO ${ident(tmp)}`);
  for (const [, t, tmp] of changed) await data.run(`ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(tmp)} TO ${ident(t)}`);
}

/**
 * What the read already settled, so `cleanText` need not check it: `noSpaces`, the file holds no
 * space at all; `markersNulled`, the reader turned every cell equal to a marker into NULL (DuckDB's
 * CSV reader does, quoted cells included, with the markers among its null strings).
 */
interface CleanSkips {
  noSpaces: boolean;
  markersNulled: boolean;
}

/** Trims text cells and turns missing markers into NULL, rewriting the table only when some cell needs it. */
async function cleanText(data: DataPlane, table: string, markers: readonly string[], trimSpaces: boolean, skips: CleanSkips): Promise<number> {
  const ms = trimSpaces ? markers.map((m) => m.trim()) : markers;
  const checkTrim = trimSpaces && !skips.noSpaces;
  // With trimming, a marker with spaces around it (" NA") also stands for its trimmed form, which the reader did not null.
  const checkMarkers = ms.length > 0 && !(skips.markersNulled && ms.every((m) => markers.includes(m)));
  // kddcup: no space in 75 MB and the default markers, so its 0.04-0.07 s count is skipped.
  if (!checkTrim && !checkMarkers) return 0;
  const text = (await data.columns(table)).filter((c) => c.type === 'VARCHAR').map((c) => c.name);
  if (text.length === 0) return 0;
  const checks = text.map((name, i) => {
    const c = ident(name);
    const conds = [];
    // trim() strips spaces only; testing the two ends is measured 40% cheaper than comparing
    // with trim(c) (0.07 s vs 0.13 s CPU on kddcup's four text columns).
    if (checkTrim) conds.push(`starts_with(${c}, ' ') OR ends_with(${c}, ' ')`);
    // An untrimmed cell equal to a marker after trimming is caught by the test above already.
    if (checkMarkers) conds.push(`${c} IN (${[...new Set(ms)].map(literal).join(', ')})`);
    return `count(*) FILTER (WHERE ${conds.join(' OR ')}) AS "n${i}"`;
  });
  const [counts] = await data.all<Record<string, number>>(`SELECT ${checks.join(', ')} FROM ${ident(table)}`);
  const dirty = text.filter((_, i) => counts[`n${i}`] > 0);
  if (dirty.length === 0) return 0;
  const tmp = `${table}__clean`;
  const replace = dirty.map((name) => cleanTextExpr(name, markers, trimSpaces)).join(', ');
  await data.run(`CREATE OR REPLACE TABLE ${ident(tmp)} AS SELECT * REPLACE (${replace}) FROM ${ident(table)}`);
  await data.run(`DROP TABLE ${ident(table)}`);
  await data.run(`ALTER TABLE ${ident(tmp)} RENAME TO ${ident(table)}`);
  return dirty.length;
}

export const importDatasetRunner = defineRunner(importDatasetDef, async (ctx, _inputs, params) => {
  const started = Date.now();
  checkOverrides(params);
  const names = params.columnNames.length > 0 ? cleanNames(params.columnNames) : [];
  const abs = await requireFile(ctx, params.path);
  const name = basename(abs);
  ctx.progress(0, `reading ${name}`);

  const sample = await sampleFile(abs);
  checkSample(abs, sample);
  const format = params.format === 'auto' ? detectFormat(abs, sample) : params.format;
  if (params.reading === 'prediction-rows' && format !== 'jsonl') {
    throw new NodeError(
      'NOT_A_PREDICTION_LOG',
      `${abs} was read as ${format}, but a prediction log is JSON Lines.`,
      'Pick a predictions*.jsonl file, or set Rows to "One row per line".',
    );
  }
  const table = ctx.outputTable('table');
  const rejectsTable = ctx.outputTable('rejects');
  const tempRejects = `${rejectsTable}__errors`;
  const tempScans = `${rejectsTable}__scans`;

  let csv: CsvReadOptions | undefined;
  if (format === 'csv') {
    csv = {
      header: params.header,
      delimiter: params.delimiter,
      quote: params.quote,
      encoding: params.encoding === 'auto' ? detectEncoding(sample) : params.encoding,
      missingMarkers: params.missingMarkers,
      trimSpaces: params.trimSpaces,
      sampleSize: params.sampleSize,
      types: {},
      gzip: sample.gzip,
      rejectsTable: tempRejects,
      rejectsScan: tempScans,
    };
    // UTF-16 doubles the bytes per character, so byte counts do not match DuckDB's limit there.
    if (csv.encoding !== 'utf-16') csv.longLineInSample = await longLineInSample(abs, sample.gzip, sample.bytes, sample.complete);
  }
  const onProgress = (pct: number | undefined, seconds: number) =>
    pct === undefined
      ? ctx.progress(undefined, `reading ${name}: ${seconds} s`)
      : ctx.progress(0.05 + 0.85 * (pct / 100), `reading ${name}: ${Math.floor(pct)}%`);
  const typesFor = params.columnTypes.length > 0 ? (fileNames: string[]) => fileTypes(fileNames, names, params.columnTypes) : undefined;

  // CSV: over-long lines; any gzip: truncation and corruption (see file-scan.ts).
  const watch = csv || sample.gzip ? watchFile(abs, sample.gzip, newlineByte(sample.bytes), ctx.signal) : undefined;
  try {
    const {
      value: done,
      longLines,
      spaces,
    } = await readChecked(watch, ctx.signal, async (signal) => {
      if (csv) return importCsv(ctx, abs, sample, csv, table, names, typesFor, onProgress, signal);
      try {
        const sql = `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${readOtherSql(abs, format as 'jsonl' | 'parquet', sample.gzip)}`;
        await ctx.data.run(sql, { signal, onProgress, percent: !sample.gzip });
      } catch (err) {
        if (signal.aborted) throw err;
        throw explainReadError(err, abs, format);
      }
      return { renamed: false, cleaned: false };
    });
    if (params.reading === 'prediction-rows') await flattenPredictionLog(ctx.data, table, abs, sample.gzip);
    if (names.length > 0 && !done.renamed) {
      const columns = await ctx.data.columns(table);
      if (names.length !== columns.length) {
        await ctx.data.dropTable(table);
        throw columnCountError(name, columns.length, names.length);
      }
      await renameColumns(
        ctx.data,
        table,
        columns.map((c) => c.name),
        names,
      );
    }
    if (format !== 'parquet' && !done.cleaned) {
      // CSV only: a JSON string can hold a space as \u0020, with no space byte in the file.
      const skips = { noSpaces: format === 'csv' && spaces === false, markersNulled: format === 'csv' };
      const cleaned = await cleanText(ctx.data, table, params.missingMarkers, format === 'csv' && params.trimSpaces, skips);
      if (cleaned > 0) ctx.log('debug', `trimmed spaces / applied missing markers in ${cleaned} text columns`);
    }
    if (!csv) await castOverrides(ctx.data, table, params.columnTypes);

    // UTF-16: see above.
    const overLong = csv && csv.encoding !== 'utf-16' ? longLines : [];
    const rejects = await writeRejects(ctx.data, rejectsTable, csv ? tempRejects : undefined, overLong);
    const out = await ctx.data.describe(table);
    const { columns } = out;
    if (rejects.lines > out.rowCount) {
      // Prose, logs or a table read with the wrong layout: most lines do not fit any one shape.
      throw new NodeError(
        'NOT_A_TABLE',
        `${abs} does not look like a table: ${formatCount(rejects.lines)} of ${formatCount(rejects.lines + out.rowCount)} lines do not have the same number of values as the rest (first bad lines: ${rejects.firstLines.join(', ')}).`,
        'If it is a table, set the separator, quote character and header yourself; otherwise pick the data file.',
      );
    }
    const summary = summaryMessage(out.rowCount, rejects);
    const layout = format === 'csv' ? `CSV${csv!.gzip ? ' (gzip)' : ''}, ${csv!.encoding}` : format === 'jsonl' ? 'JSON Lines' : 'Parquet';
    ctx.log(rejects.lines > 0 ? 'warn' : 'info', `${name} (${layout}): ${summary}; ${columns.length} columns; ${Date.now() - started} ms`);
    ctx.progress(1, summary, { done: out.rowCount, total: out.rowCount, unit: 'rows' });
    return { table: out, rejects: rejectsValue(rejectsTable, rejects) };
  } catch (err) {
    // A failed node leaves nothing half-made behind for the cache to mistake for output.
    await ctx.data.dropTable(table);
    await ctx.data.dropTable(rejectsTable);
    throw err;
  } finally {
    await ctx.data.dropTable(tempRejects);
    await ctx.data.dropTable(tempScans);
  }
});

/**
 * Maps overrides (named as the user sees columns, after renaming) to the file's own column
 * names, so the reader applies them while reading and a value that does not fit becomes a reject.
 */
function fileTypes(fileNames: string[], names: readonly string[], overrides: Params['columnTypes']): Record<string, string> {
  const shown = names.length === fileNames.length ? names : fileNames;
  const types: Record<string, string> = {};
  for (const o of overrides) {
    const i = shown.indexOf(o.column.trim());
    if (i < 0) throw unknownColumn(o.column, shown);
    types[fileNames[i]] = o.type;
  }
  return types;
}

async function castOverrides(data: DataPlane, table: string, overrides: Params['columnTypes']): Promise<void> {
  if (overrides.length === 0) return;
  const names = (await data.columns(table)).map((c) => c.name);
  for (const o of overrides) {
    if (!names.includes(o.column.trim())) throw unknownColumn(o.column, names);
    try {
      await data.run(`ALTER TABLE ${ident(table)} ALTER COLUMN ${ident(o.column.trim())} TYPE ${o.type}`);
    } catch (err) {
      throw new NodeError(
        'TYPE_OVERRIDE_FAILED',
        `Column "${o.column}" cannot be read as ${o.type}: ${firstLine(err)}`,
        'Remove the override or choose a type every value fits (Text always fits).',
      );
    }
  }
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err)
    .split('\n', 1)[0]
    .slice(0, 300);
}
