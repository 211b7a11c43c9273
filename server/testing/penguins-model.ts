/** A small model trained by the real Train node on penguins, for the server tests that need any model. */
import type { DataPlane } from '../../engine/data/data-plane.js';
import { loadSplit } from '../../nodes/testing/test-datasets.js';
import { trainOn } from '../../nodes/testing/train-test-kit.js';

/** The model folder and a few raw test rows (as the Score node would get them). */
export async function trainPenguins(data: DataPlane): Promise<{ dir: string; rows: Record<string, unknown>[] }> {
  const { train, test } = await loadSplit(data, 'penguins', 'penguins.csv');
  const { model } = await trainOn(data, train, { target: 'species', model: 'linear', epochs: 5, batchSize: 32 });
  const rows = await data.all<Record<string, unknown>>(`SELECT * EXCLUDE (species) FROM ${test.table} WHERE sex IS NOT NULL LIMIT 4`);
  return { dir: model.dir, rows: rows.map((r) => ({ ...r })) };
}
