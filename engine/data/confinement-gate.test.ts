/**
 * The gate over the real workspace database: a run with other folders waits for the running one,
 * then finds DuckDB confined to its own folders only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openConfinedDataPlane, type ConfinedDataPlane } from './confined-plane.js';
import { ConfinementGate } from './confinement-gate.js';

let dir: string;
let data: ConfinedDataPlane;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-gate-'));
  data = await openConfinedDataPlane(join(dir, 'data.duckdb'));
  await writeFile(join(dir, 'a.csv'), 'x\n1\n');
});
afterEach(async () => {
  data.close();
  await rm(dir, { recursive: true, force: true });
});

const readA = () =>
  data.all(`SELECT * FROM read_csv('${join(dir, 'a.csv')}')`).then(
    () => 'read',
    (e: Error) => e.message,
  );

it('switches folders only when nothing holds the database, and the facade follows the reopen', async () => {
  const gate = new ConfinementGate(data);
  const releaseFirst = await gate.enter([dir]);
  expect(await readA()).toBe('read');
  let secondIn = false;
  const second = gate.enter([join(dir, 'elsewhere')]).then((release) => {
    secondIn = true;
    return release;
  });
  // Same folders share the database without waiting.
  const sameFolders = await gate.enter([dir]);
  sameFolders();
  expect(secondIn).toBe(false);
  expect(await readA()).toBe('read');
  releaseFirst();
  const releaseSecond = await second;
  expect(await readA()).toMatch(/Permission Error/);
  await data.run('CREATE TABLE kept AS SELECT 42 AS v');
  releaseSecond();
  // Back to the first folders: the table written under the other confinement is still there.
  (await gate.enter([dir]))();
  expect(await data.all('SELECT v FROM kept')).toEqual([{ v: 42 }]);
});
