/**
 * Plain-layer training reads its rows where `prepareTrainingData` encoded them: the wasm step's own
 * memory (`trainingRoom`), with no copy afterwards, and the same model as rows encoded elsewhere
 * and copied in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBatchSource } from '../../engine/models/batch-source.js';
import { defaultParams } from '../../engine/node-def.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { fitNetwork, trainingRoom } from '../shared/training/fit-network.js';
import { prepareTrainingData, resolveColumns } from '../shared/training/train-data.js';
import { loadAdult } from '../testing/test-datasets.js';
import { trainDef } from './def.js';

let ctx: FakeContext;
let train: TableValue;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'room' });
  train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
});
afterAll(() => ctx.data.close());

const params = { ...defaultParams(trainDef.params), target: 'income', model: 'mlp' as const, hiddenLayers: [8], epochs: 2 };

async function trained(withRoom: boolean) {
  const columns = resolveColumns(train, 'income', []);
  const room = withRoom ? trainingRoom(params) : undefined;
  const prepared = await prepareTrainingData(ctx.data, train, undefined, columns, 'auto', new AbortController().signal, room?.into);
  // Which instance the training started, and whether it found the rows already held.
  const opened = room?.opened();
  const starts: boolean[] = [];
  if (opened) {
    const start = opened.start;
    opened.start = (o, holdsTrain) => (starts.push(holdsTrain), start(o, holdsTrain));
  }
  const { network, result } = await fitNetwork(ctx, prepared, params, opened);
  const weights = network.dense().flatMap((l) => [...l.kernel, ...l.bias]);
  return { prepared, room, starts, losses: result.history.map((h) => h.loss), weights };
}

describe('the training room', () => {
  it('encodes adult-train into the wasm step memory and trains the model of rows copied in', async () => {
    const inRoom = await trained(true);
    const copied = await trained(false);
    const held = inRoom.room!.opened()!.held!;
    const x = isBatchSource(inRoom.prepared.train) ? undefined : inRoom.prepared.train.x;
    // The training rows lie in the step's memory, from its first byte of room: nothing to copy.
    expect(x?.buffer).toBe(held.x.buffer);
    expect(x?.byteOffset).toBe(held.x.byteOffset);
    expect(inRoom.prepared.train.rows).toBe(32561);
    // The training ran in that instance, on the rows held there.
    expect(inRoom.starts).toEqual([true]);
    expect(inRoom.weights).toEqual(copied.weights);
    expect(inRoom.losses).toEqual(copied.losses);
  });

  it('gives no room to params that train on TensorFlow.js', () => {
    expect(trainingRoom({ ...params, activation: 'tanh' }).into(100, {} as never)).toBeUndefined();
  });
});
