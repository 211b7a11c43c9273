/**
 * Dynamic batching of the JS path's ONNX runs on a real model and onnxruntime session: requests of
 * two event-loop turns share a run and each gets exactly the outputs it gets alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { duckdbLiterals } from '../engine/models/row-literals.js';
import { compileRowRecipe, type RowRecipe } from '../engine/models/row-steps.js';
import { OnnxBatcher } from './onnx-batcher.js';
import { loadServedModel, type ServedModel } from './served-model.js';
import { trainPenguins } from './testing/penguins-model.js';
import { toColumns } from './testing/row-replay-kit.js';

let ctx: FakeContext;
let served: ServedModel;
let encoded: Float32Array[];

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'batcher' });
  const { dir, rows } = await trainPenguins(ctx.data);
  served = await loadServedModel(dir);
  const compiled = await compileRowRecipe(served.recipe, served.inputs, duckdbLiterals(ctx.data));
  const recipe = (compiled as { recipe: RowRecipe }).recipe;
  const columns = toColumns(served.inputs, rows);
  encoded = rows.map((_, i) =>
    recipe.encode(
      columns.map((c) => [c[i]]),
      1,
    )!,
  );
}, 300_000);
afterAll(async () => {
  await served?.session.release();
  ctx?.data.close();
});

const width = () => served.recipe.encoding.encodedNames.length;

describe('OnnxBatcher', () => {
  it('runs the requests of one turn once, each answered with the outputs it gets alone', async () => {
    const alone = [];
    const single = new OnnxBatcher(served.session, width());
    for (const x of encoded) alone.push(await single.run(x, 1));
    expect(single.stats).toEqual({ runs: 4, requests: 4 });
    const batcher = new OnnxBatcher(served.session, width());
    const together = await Promise.all(encoded.map((x) => batcher.run(x, 1)));
    expect(batcher.stats).toEqual({ runs: 1, requests: 4 });
    expect(together.map((o) => [...o.outputs])).toEqual(alone.map((o) => [...o.outputs]));
    expect(together[0].width).toBe(3); // Adelie, Chinstrap, Gentoo
  });

  it('closes a batch at the end of the next turn: a request sent one turn later joins it', async () => {
    const batcher = new OnnxBatcher(served.session, width());
    const first = batcher.run(encoded[0], 1);
    const second = new Promise<Awaited<typeof first>>((resolve) => setImmediate(() => resolve(batcher.run(encoded[1], 1))));
    await Promise.all([first, second]);
    expect(batcher.stats).toEqual({ runs: 1, requests: 2 });
  });

  it('starts a new run past maxRows and keeps a bigger request whole', async () => {
    const batcher = new OnnxBatcher(served.session, width(), 2);
    const two = new Float32Array([...encoded[0], ...encoded[1]]);
    const three = new Float32Array([...encoded[0], ...encoded[1], ...encoded[2]]);
    // 1 + 1 fill the first run, 2 the second, 3 (over maxRows) runs alone, 1 the last.
    const out = await Promise.all([
      batcher.run(encoded[0], 1),
      batcher.run(encoded[1], 1),
      batcher.run(two, 2),
      batcher.run(three, 3),
      batcher.run(encoded[3], 1),
    ]);
    expect(batcher.stats).toEqual({ runs: 4, requests: 5 });
    expect(out.map((o) => o.outputs.length)).toEqual([3, 3, 6, 9, 3]);
    expect([...out[3].outputs.subarray(3, 6)]).toEqual([...out[1].outputs]);
  });

  it('refuses an input of the wrong size alone, and scores the rest of its turn', async () => {
    const batcher = new OnnxBatcher(served.session, width());
    const results = await Promise.allSettled([batcher.run(encoded[0], 1), batcher.run(new Float32Array(width() - 1), 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain(`values for 1 row(s) of ${width()}`);
  });

  it('fails every request of a run that onnxruntime refuses, and the next turn scores again', async () => {
    const wrong = new OnnxBatcher(served.session, width() + 1);
    const x = new Float32Array(width() + 1);
    const results = await Promise.allSettled([wrong.run(x, 1), wrong.run(x, 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(wrong.stats).toEqual({ runs: 1, requests: 2 });
    expect((await new OnnxBatcher(served.session, width()).run(encoded[0], 1)).outputs.length).toBe(3);
  });
});
