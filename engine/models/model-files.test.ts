import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREPROCESSING_JSON, RECIPE_JSON, readPreprocessing, readRecipe, writeRecipe } from './model-files.js';

/** A model folder written by Train before the recipe was typed (adult, Clean + Encode/scale, linear, 3 epochs). */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'adult-linear-v1');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ls-model-files-'));
  cpSync(FIXTURE, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const rewrite = (
  file: string,
  change: (value: { steps: Record<string, unknown>[]; features: Record<string, unknown>[]; target: Record<string, unknown> }) => void,
) => {
  const value = json(file);
  change(value);
  writeFileSync(join(dir, file), JSON.stringify(value));
};

describe('model files written before the typed recipe', () => {
  it('still load: the recipe and the preprocessing spec of the saved adult model', async () => {
    const steps = await readRecipe(dir);
    // python3 over the fixture's recipe.json: 3 impute, 1 rename, 1 replace, 6 standard-scale, 8 one-hot.
    const count = (op: string) => steps.filter((s) => s.op === op).length;
    expect([steps.length, count('impute'), count('rename'), count('replace'), count('standard-scale'), count('one-hot')]).toEqual([19, 3, 1, 1, 6, 8]);
    expect(steps[3]).toEqual({ op: 'rename', column: 'hours-per-week', to: 'hours' });
    expect(steps).toEqual(json(RECIPE_JSON).steps);
    const spec = await readPreprocessing(dir);
    expect(spec).toEqual(json(PREPROCESSING_JSON));
    expect([spec.features.length, spec.encodedNames.length, spec.target.labels]).toEqual([105, 105, ['<=50K', '>50K']]);
  });

  it('reads no recipe as an empty one (models trained before recipes were saved)', async () => {
    rmSync(join(dir, RECIPE_JSON));
    expect(await readRecipe(dir)).toEqual([]);
  });

  it('write then read gives the same steps', async () => {
    const steps = await readRecipe(dir);
    await writeRecipe(dir, steps.slice(0, 5));
    expect(await readRecipe(dir)).toEqual(steps.slice(0, 5));
  });
});

describe('a malformed recipe is refused, naming the file and the step', () => {
  it('an unknown step', async () => {
    rewrite(RECIPE_JSON, (r) => r.steps.push({ op: 'log-transform', column: 'age' }));
    await expect(readRecipe(dir)).rejects.toThrow(`${join(dir, RECIPE_JSON)}: step 20 (log-transform on "age") is not a step this version`);
  });

  it('a known step with a field of the wrong type', async () => {
    rewrite(RECIPE_JSON, (r) => (r.steps[5].mean = '38.6'));
    await expect(readRecipe(dir)).rejects.toThrow(
      new RegExp(`^${join(dir, RECIPE_JSON).replace(/[.\\/]/g, '\\$&')}: step 6 \\(standard-scale on "age"\\) is malformed: mean: .*number`),
    );
  });

  it('a one-hot step whose outputs do not match its categories', async () => {
    rewrite(RECIPE_JSON, (r) => (r.steps[11].outputs = []));
    await expect(readRecipe(dir)).rejects.toThrow(/step 12 \(one-hot on "workclass"\) is malformed: outputs: needs one output column per category/);
  });

  it('steps that are not a list', async () => {
    rewrite(RECIPE_JSON, (r) => Object.assign(r, { steps: { op: 'drop' } }));
    await expect(readRecipe(dir)).rejects.toThrow(`${join(dir, RECIPE_JSON)}: "steps" must be a list of recipe steps, got object.`);
  });

  it('a preprocessing spec with a broken feature', async () => {
    rewrite(PREPROCESSING_JSON, (s) => delete s.features[0].kind);
    await expect(readPreprocessing(dir)).rejects.toThrow(`${join(dir, PREPROCESSING_JSON)} is malformed: feature 1 ("age") kind:`);
  });

  it('a preprocessing spec whose classification target lost its labels', async () => {
    rewrite(PREPROCESSING_JSON, (s) => delete s.target.labels);
    await expect(readPreprocessing(dir)).rejects.toThrow(
      `${join(dir, PREPROCESSING_JSON)} is malformed: target.labels: a classification target needs at least 2 labels`,
    );
  });
});
