/** Every mismatch between a table, the params and the model is one plain error, raised before any row is scored. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { resolveMapping } from '../../engine/models/premade/column-mapping.js';
import type { OnnxSignature } from '../../engine/models/premade/signature-types.js';
import { DATA_DIR, loadAdult, loadCsv } from '../testing/test-data.js';
import { premadeModelDef } from './def.js';
import { premadeModelRunner } from './run.js';

const PENGUINS = join(DATA_DIR, 'premade', 'penguins_classifier.onnx');
const ADULT = join(DATA_DIR, 'premade', 'adult_income_two_heads.onnx');
let ctx: FakeContext;
let penguins: TableValue;
let adult: TableValue;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'errors' });
  penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
  adult = await loadAdult(ctx.data, 'adult', 'adult-test.csv');
});
afterAll(() => ctx.data.close());

/** Runs the node expecting a refusal; returns the message and whether anything was scored. */
const refusal = async (table: TableValue, params: Record<string, unknown>) => {
  const c = createFakeContext(ctx.data, { nodeId: `errors${++n}` });
  const error = await premadeModelRunner.run(c, { table }, { ...defaultParams(premadeModelDef.params), ...params }).then(
    () => undefined,
    (e: Error) => e,
  );
  return { message: error?.message, progressed: c.progressCalls.length, made: await ctx.data.tableExists(c.outputTable('table')) };
};

describe('premade model mismatch errors', () => {
  it('names the missing column of a matrix input', async () => {
    await ctx.data.run(`CREATE OR REPLACE TABLE no_mass AS SELECT * EXCLUDE (body_mass_g) FROM penguins`);
    const r = await refusal(await ctx.data.describe('no_mass'), { model: PENGUINS });
    expect(r).toEqual({ message: 'the model expects float32[batch,4]; 3 columns are mapped; missing: body_mass_g', progressed: 0, made: false });
  });

  it('names the column a user left out of an explicit ordered mapping', async () => {
    const mapping = [{ input: 'features', columns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm'] }];
    expect((await refusal(penguins, { model: PENGUINS, mapping })).message).toBe(
      'the model expects float32[batch,4]; 3 columns are mapped; missing: body_mass_g',
    );
  });

  it('refuses a text column for a float input', async () => {
    const r = await refusal(adult, { model: ADULT, mapping: [{ input: 'age', columns: ['sex'] }] });
    expect(r.message).toBe('column sex is text; input age expects float32');
    expect(r.made).toBe(false);
    const sig: OnnxSignature = {
      inputs: [{ name: 'sex', elemType: 'float32', shape: ['batch', 1] }],
      outputs: [],
      irVersion: 7,
      opsets: [],
      producerName: '',
      producerVersion: '',
      docString: '',
      graphName: '',
      modelVersion: 0,
      metadata: {},
    };
    expect(() => resolveMapping(sig, [{ name: 'sex', type: 'VARCHAR' }], [])).toThrow('column sex is text; input sex expects float32');
  });

  it('names an input no column matches, a mapped input the model lacks, and wrong class names, together', async () => {
    await ctx.data.run(`CREATE OR REPLACE TABLE no_age AS SELECT * EXCLUDE (age) FROM adult`);
    const r = await refusal(await ctx.data.describe('no_age'), { model: ADULT, mapping: [{ input: 'agee', columns: ['fnlwgt'] }], labels: ['a', 'b', 'c'] });
    expect(r.message).toBe(
      [
        '"Column mapping" names input agee, which the model does not have (its inputs: age, fnlwgt, education_num, capital_gain, capital_loss, hours_per_week)',
        'input age has no column of that name in the table; map one to it in "Column mapping"',
        'output probability_over_50k gives 1 values per row but 3 class names are given (a, b, c)',
      ].join('; '),
    );
  });

  it('refuses a regression on a wide output, and an unknown output to keep', async () => {
    const r = await refusal(adult, { model: ADULT, task: 'regression', scoreOutput: 'embedding', keepOutputs: ['hidden'] });
    expect(r.message).toBe(
      '"Keep outputs" names hidden, which the model does not give (its outputs: probability_over_50k, embedding); output embedding gives 16 values per row; a regression prediction needs one (keep it whole in "Keep outputs" instead)',
    );
  });

  it('refuses a file that is not an ONNX model, naming it', async () => {
    const r = await refusal(penguins, { model: join(DATA_DIR, 'premade', 'README.md') });
    expect(r.message).toMatch(/^cannot read the model .*README\.md: not an ONNX model/);
  });
});
