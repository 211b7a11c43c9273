/**
 * The portable form of a value: a folder holding `value.json` (the value with its local references
 * made relative) plus its payload: `table.parquet` for a table (DuckDB COPY), `model/` for a model
 * package folder, `files/` for a report's files. Metrics and endpoints are JSON only. Reading one
 * back gives the same value on another workspace: the same rows in the same order with the same
 * column types, the same model files.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DataPlane } from '../data/data-plane.js';
import { ident, literal } from '../data/data-plane.js';
import { EngineError, errorMessage } from '../errors.js';
import { PORT_KINDS } from '../node-def.js';
import type { ModelValue, PortValue, ReportValue, TableValue } from '../values.js';

export const VALUE_FILE = 'value.json';
const FORMAT = 'lifecycle-studio.value';
const TABLE_FILE = 'table.parquet';
const MODEL_DIR = 'model';
const FILES_DIR = 'files';

interface PortableEnvelope {
  format: typeof FORMAT;
  version: 1;
  value: PortValue;
}

/**
 * Writes `value` into the folder `dir` (created), reading tables through `data`.
 *
 * @example
 * await writePortableValue(record.nodes.split.outputs.train, '/tmp/out/train', engine.data);
 */
export async function writePortableValue(value: PortValue, dir: string, data: DataPlane): Promise<void> {
  await mkdir(dir, { recursive: true });
  let portable: PortValue = value;
  if (value.kind === 'table') {
    // A table's own row order is kept: DuckDB preserves insertion order on COPY and on read_parquet.
    await data.run(`COPY (SELECT ${exactSelect(value)} FROM ${ident(value.table)}) TO ${literal(join(dir, TABLE_FILE))} (FORMAT parquet)`);
    portable = { ...value, table: TABLE_FILE };
  } else if (value.kind === 'model') {
    await cp(value.dir, join(dir, MODEL_DIR), { recursive: true });
    portable = { ...value, dir: MODEL_DIR };
  } else if (value.kind === 'report') {
    await mkdir(join(dir, FILES_DIR), { recursive: true });
    const files = [];
    for (const f of value.files) {
      const name = basename(f.path);
      await cp(f.path, join(dir, FILES_DIR, name));
      files.push({ ...f, path: `${FILES_DIR}/${name}` });
    }
    portable = { ...value, files };
  }
  const envelope: PortableEnvelope = { format: FORMAT, version: 1, value: portable };
  await writeFile(join(dir, VALUE_FILE), `${JSON.stringify(envelope, null, 2)}\n`);
}

/** Parquet stores 128-bit integers as doubles: they travel as text and are cast back on reading. */
const LOSSY_IN_PARQUET = /^U?HUGEINT$/;

function exactSelect(value: TableValue): string {
  if (!value.columns.some((c) => LOSSY_IN_PARQUET.test(c.type))) return '*';
  return value.columns.map((c) => (LOSSY_IN_PARQUET.test(c.type) ? `${ident(c.name)}::VARCHAR AS ${ident(c.name)}` : ident(c.name))).join(', ');
}

export interface PortableTarget {
  /** Where a table is created. */
  data: DataPlane;
  /** The name of the table to create for a table value. */
  table: string;
  /** A folder of the local workspace that receives model and report files. */
  artifactDir: string;
}

/** Reads the envelope of `dir`; a missing or foreign file is PORTABLE_VALUE_INVALID naming the folder. */
export async function readEnvelope(dir: string): Promise<PortValue> {
  const invalid = (detail: string) => new EngineError('PORTABLE_VALUE_INVALID', errorMessage('PORTABLE_VALUE_INVALID', dir, detail));
  let parsed: Partial<PortableEnvelope>;
  try {
    parsed = JSON.parse(await readFile(join(dir, VALUE_FILE), 'utf8')) as Partial<PortableEnvelope>;
  } catch (err) {
    throw invalid(`${VALUE_FILE}: ${(err as Error).message}`);
  }
  if (parsed.format !== FORMAT || parsed.version !== 1) throw invalid(`${VALUE_FILE} is not a version 1 "${FORMAT}" file`);
  if (!parsed.value || !(PORT_KINDS as readonly string[]).includes(parsed.value.kind)) throw invalid(`${VALUE_FILE} holds no known value kind`);
  return parsed.value;
}

/**
 * Reads the portable value in `dir` into this workspace: a table into `target.table` (its columns
 * cast back to the recorded DuckDB types), model and report files under `target.artifactDir`.
 */
export async function readPortableValue(dir: string, target: PortableTarget): Promise<PortValue> {
  const value = await readEnvelope(dir);
  if (value.kind === 'table') return readTable(dir, value, target);
  if (value.kind === 'model') {
    const to = join(target.artifactDir, MODEL_DIR);
    await cp(join(dir, MODEL_DIR), to, { recursive: true });
    return { ...value, dir: to } satisfies ModelValue;
  }
  if (value.kind === 'report') {
    const to = join(target.artifactDir, FILES_DIR);
    await mkdir(to, { recursive: true });
    const files = [];
    for (const f of value.files) {
      const path = join(to, basename(f.path));
      await cp(join(dir, f.path), path);
      files.push({ ...f, path });
    }
    return { ...value, files } satisfies ReportValue;
  }
  return value;
}

async function readTable(dir: string, value: TableValue, target: PortableTarget): Promise<TableValue> {
  // Parquet has fewer types than DuckDB (an ENUM comes back as text): cast each column to its recorded type.
  const select = value.columns.length ? value.columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ') : '*';
  await target.data.run(`CREATE TABLE ${ident(target.table)} AS SELECT ${select} FROM read_parquet(${literal(join(dir, TABLE_FILE))})`);
  const [{ n }] = await target.data.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${ident(target.table)}`);
  if (n !== value.rowCount) {
    throw new EngineError(
      'PORTABLE_VALUE_INVALID',
      errorMessage('PORTABLE_VALUE_INVALID', dir, `${TABLE_FILE} holds ${n} rows; value.json says ${value.rowCount}`),
    );
  }
  return { ...value, table: target.table };
}
