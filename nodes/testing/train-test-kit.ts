/**
 * Test helpers shared by the train tests: train a model on a table with default params plus
 * overrides, and score + evaluate it, each node on its own fake context over one data plane.
 */
import { defaultParams } from '../../engine/node-def.js';
import type { DataPlane } from '../../engine/data/data-plane.js';
import { createFakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { scoreRunner } from '../score/run.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';

export type TrainParams = ReturnType<typeof defaultParams<typeof trainDef.params>>;

let n = 0;

/**
 * @example
 * const { model } = await trainOn(ctx.data, penguins.train, { target: 'species', epochs: 30 });
 */
export async function trainOn(data: DataPlane, table: TableValue, params: Partial<TrainParams>, validation?: TableValue) {
  const c = createFakeContext(data, { nodeId: `t${++n}` });
  const out = await trainRunner.run(c, { train: table, validation }, { ...defaultParams(trainDef.params), ...params });
  return { ctx: c, model: out.model as ModelValue, history: out.history as MetricsValue };
}

/** Scores `table` with `model`, then evaluates the scored table against its own target. */
export async function scoreAndEvaluate(data: DataPlane, model: ModelValue, table: TableValue) {
  const scored = (await scoreRunner.run(createFakeContext(data, { nodeId: `s${++n}` }), { model, table }, { runtime: 'auto', batchSize: 8192 }))
    .table as TableValue;
  const metrics = (await evaluateRunner.run(createFakeContext(data, { nodeId: `e${++n}` }), { scored }, { target: '' })).metrics as MetricsValue;
  return { scored, metrics };
}
