/**
 * A deterministic wide table for the out-of-core bench: `rows` rows x 20 columns (16 numbers,
 * 3 categories, 1 binary label that depends on some of them), written as CSV by DuckDB from
 * hashes of the row number, so the same `rows` always gives the same file.
 *
 * Run alone: `npx tsx bench/generate-wide.ts /tmp/wide.csv 1000000`
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import { literal } from '../engine/data/data-plane.js';

/** A uniform number in [0, 1) from the row number and a salt. */
const unit = (salt: number) => `(hash(i, ${salt}) % 1000000)::DOUBLE / 1000000`;

export function wideSelect(rows: number): string {
  const numbers = Array.from({ length: 16 }, (_, k) => `round((${unit(k + 1)} - 0.5) * ${10 ** (k % 4)}, 4) AS x${k + 1}`);
  const cats = [
    `'c' || (hash(i, 101) % 12) AS cat1`,
    `'region_' || (hash(i, 102) % 5) AS cat2`,
    `['low', 'mid', 'high'][1 + (hash(i, 103) % 3)::INTEGER] AS cat3`,
  ];
  // The label: a noisy linear rule over three numbers and one category, so a model has something to learn.
  const score = `(${unit(1)} - 0.5) * 2 + (${unit(2)} - 0.5) * 1.5 - (${unit(3)} - 0.5) + CASE WHEN hash(i, 101) % 12 < 4 THEN 0.4 ELSE 0 END + (${unit(999)} - 0.5)`;
  return `SELECT ${[...numbers, ...cats, `CASE WHEN ${score} > 0.2 THEN 'yes' ELSE 'no' END AS label`].join(', ')} FROM range(${rows}) t(i)`;
}

/** Writes the CSV (header included) with a throwaway DuckDB that may use what it needs. */
export async function generateWideCsv(path: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${wideSelect(rows)}) TO ${literal(path)} (HEADER, DELIMITER ',')`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, rows] = process.argv.slice(2);
  if (!path) throw new Error('Usage: npx tsx bench/generate-wide.ts <out.csv> [rows, default 10000000]');
  await generateWideCsv(path, Number(rows ?? 10_000_000));
}
