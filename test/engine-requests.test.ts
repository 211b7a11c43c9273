/**
 * Every method of the engine request table (engine/requests/engine-requests.ts) crosses a real
 * process boundary through the derived client methods and the derived dispatch: a real engine
 * with real nodes and DuckDB answers each one, and a name outside the table is refused.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableValue } from '../engine/values.js';
import { ENGINE_METHOD_NAMES } from '../engine/requests/engine-requests.js';
import { startEngine } from '../cli/engine-host.js';
import { pipeline, SHARED_DATA, tempDir } from './testing/cli-harness.js';

// From the file itself: `head -2 iris.csv` and `wc -l` (151 lines, one of them the header).
const IRIS_HEADER = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
const IRIS_ROWS = 150;

const engine = startEngine(tempDir('ls-engine-requests-'));
afterAll(() => engine.close());

describe('the engine request table across the process boundary', () => {
  it('answers each declared method through the derived client and dispatch', async () => {
    // Every declared method is a method of the client (a new one is exercised by its feature's test).
    for (const method of ENGINE_METHOD_NAMES) expect(typeof engine[method]).toBe('function');
    const doc = pipeline([{ id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'iris.csv') } }]);

    const validated = await engine.validate(doc);
    expect(validated.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const document = validated.document!;
    expect((await engine.plan(document)).map((p) => [p.nodeId, p.status])).toEqual([['imp', 'stale']]);

    const record = await engine.run(document);
    expect(record.status).toBe('succeeded');
    const table = record.nodes.imp.outputs?.table as TableValue;

    const page = await engine.page({ table: table.table, offset: 0, limit: 2 });
    expect(page.rowCount).toBe(IRIS_ROWS);
    expect(page.columns.map((c) => c.name)).toEqual(IRIS_HEADER);
    expect(page.rows[0]).toEqual([5.1, 3.5, 1.4, 0.2, 'setosa']);
    const profile = await engine.profile(table.table, ['species']);
    expect(profile.rowCount).toBe(IRIS_ROWS);

    expect((await engine.listRuns()).map((r) => r.runId)).toEqual([record.runId]);
    expect((await engine.getRun(record.runId))?.runId).toBe(record.runId);
    expect(await engine.deleteRun(record.runId)).toBe(true);
    expect(await engine.getRun(record.runId)).toBeUndefined();
    expect(await engine.deleteRun(record.runId)).toBe(false);
  });

  it('refuses a method outside the table, close included (the transport closes the engine)', async () => {
    const raw = engine as unknown as { send(body: { method: string; args: unknown[] }): Promise<unknown> };
    await expect(raw.send({ method: 'close', args: [] })).rejects.toThrow('Unknown engine request "close".');
    await expect(raw.send({ method: 'constructor', args: [] })).rejects.toThrow('Unknown engine request "constructor".');
    expect(await engine.listRuns()).toEqual([]);
  });
});
