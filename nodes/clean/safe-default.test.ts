/**
 * A new missing-values step removes no rows (a newcomer's first step kept none of a wide survey),
 * files saved by Clean v1 keep dropping, and a step that empties the table says why and what to do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upgradeNodeParams } from '../../engine/document/node-params.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { defaultParams } from '../../engine/node-def.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadCsv } from '../testing/test-data.js';
import type { CleanStep } from './compile-steps.js';
import { cleanDef } from './def.js';
import { cleanRunner } from './run.js';

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

const newStep = () => defaultParams(cleanDef.params.steps.fields) as unknown as CleanStep;

describe('clean: a new step is safe', () => {
  it('fills rather than drops: all 344 penguins rows stay (awk: NR>1 = 344) and no sex is missing (11 were)', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = (await cleanRunner.run(ctx, { input: penguins }, { steps: [newStep()] })).output as TableValue;
    expect(out.rowCount).toBe(344);
    const [row] = await ctx.data.all<{ n: number }>(`SELECT count(*) AS n FROM "${out.table}" WHERE sex IS NULL`);
    expect(Number(row.n)).toBe(0);
  });

  it('a v1 file whose missing-values step has no action still drops, with the migration warning', () => {
    const doc = {
      schemaVersion: 1,
      nodes: [{ id: 'c', type: 'clean', typeVersion: 1, params: { steps: [{ op: 'missing' }, { op: 'dedupe' }] }, position: { x: 0, y: 0 } }],
      edges: [],
    } as unknown as PipelineDocument;
    const { document, issues } = upgradeNodeParams(doc, [cleanDef]);
    expect(document.nodes[0]).toMatchObject({ typeVersion: 2, params: { steps: [{ op: 'missing', missingAction: 'drop' }, { op: 'dedupe' }] } });
    expect(issues.map((i) => i.code)).toEqual(['PARAMS_MIGRATED']);
  });

  it('warns, with what to change, when a step removes every row', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const steps = [{ ...newStep(), op: 'filter', column: 'species', operator: '=', value: 'Dodo' }] as CleanStep[];
    const out = (await cleanRunner.run(ctx, { input: penguins }, { steps })).output as TableValue;
    expect(out.rowCount).toBe(0);
    const warning = ctx.logs.find((l) => l.level === 'warn');
    expect(warning?.message).toContain('kept 0 of 344 rows (344 removed). Every row is gone');
    expect(warning?.message).toContain('fill the missing values instead');
  });
});
