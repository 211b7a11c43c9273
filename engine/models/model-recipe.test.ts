import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREPROCESSING_V1_JSON, RECIPE_JSON, readModelRecipe, writeModelRecipe } from './model-recipe.js';

/** A model folder Train wrote in the version-1 layout (recipe.json + preprocessing.json): adult, Clean + Encode/scale, linear, 3 epochs. */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'adult-linear-v1');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ls-model-recipe-'));
  cpSync(FIXTURE, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (file: string): Json => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const rewrite = (file: string, change: (value: Json) => void) => {
  const value = json(file);
  change(value);
  writeFileSync(join(dir, file), JSON.stringify(value));
};
/** The fixture's preprocessing.json without its own envelope: what the encoding must be. */
const fixtureEncoding = () => {
  const { format: _format, version: _version, ...encoding } = JSON.parse(readFileSync(join(FIXTURE, PREPROCESSING_V1_JSON), 'utf8')) as Json;
  return encoding;
};
const fixtureSteps = () => (JSON.parse(readFileSync(join(FIXTURE, RECIPE_JSON), 'utf8')) as Json).steps;
/** Turns the fixture folder into the version-2 layout, written by hand (not by the writer under test). */
const toVersion2 = () => {
  writeFileSync(join(dir, RECIPE_JSON), JSON.stringify({ format: 'lifecycle-studio.recipe', version: 2, steps: fixtureSteps(), encoding: fixtureEncoding() }));
  rmSync(join(dir, PREPROCESSING_V1_JSON));
};
const escape = (text: string) => text.replace(/[.\\/()[\]]/g, '\\$&');

describe('the version-1 layout (recipe.json + preprocessing.json) still loads as one recipe', () => {
  it('the steps and the encoding of the saved adult model', async () => {
    const recipe = (await readModelRecipe(dir))!;
    // python3 over the fixture's recipe.json: 3 impute, 1 rename, 1 replace, 6 standard-scale, 8 one-hot.
    const count = (op: string) => recipe.steps.filter((s) => s.op === op).length;
    expect([recipe.steps.length, count('impute'), count('rename'), count('replace'), count('standard-scale'), count('one-hot')]).toEqual([19, 3, 1, 1, 6, 8]);
    expect(recipe.steps[3]).toEqual({ op: 'rename', column: 'hours-per-week', to: 'hours' });
    expect(recipe.steps).toEqual(fixtureSteps());
    expect(recipe.encoding).toEqual(fixtureEncoding());
    expect([recipe.format, recipe.version]).toEqual(['lifecycle-studio.recipe', 2]);
    expect([recipe.encoding.features.length, recipe.encoding.encodedNames.length, recipe.encoding.target.labels]).toEqual([105, 105, ['<=50K', '>50K']]);
  });

  it('no recipe.json: no steps (models trained before steps were saved)', async () => {
    rmSync(join(dir, RECIPE_JSON));
    const recipe = (await readModelRecipe(dir))!;
    expect(recipe.steps).toEqual([]);
    expect(recipe.encoding).toEqual(fixtureEncoding());
  });

  it('neither file: no recipe (an ONNX file a user brought)', async () => {
    rmSync(join(dir, RECIPE_JSON));
    rmSync(join(dir, PREPROCESSING_V1_JSON));
    expect(await readModelRecipe(dir)).toBeUndefined();
  });

  it('a version-1 recipe.json whose preprocessing.json is gone is refused, naming both', async () => {
    rmSync(join(dir, PREPROCESSING_V1_JSON));
    await expect(readModelRecipe(dir)).rejects.toThrow(
      `${join(dir, RECIPE_JSON)} is a version-1 recipe, which keeps the encoding in preprocessing.json, and that file is missing`,
    );
  });
});

describe('the version-2 layout: one recipe.json', () => {
  it('reads a folder in the new layout', async () => {
    toVersion2();
    const recipe = (await readModelRecipe(dir))!;
    expect(recipe.steps).toEqual(fixtureSteps());
    expect(recipe.encoding).toEqual(fixtureEncoding());
  });

  it('the writer writes one file with format, version 2, steps and encoding, and reads back the same', async () => {
    const v1 = (await readModelRecipe(dir))!;
    const out = mkdtempSync(join(tmpdir(), 'ls-model-recipe-out-'));
    try {
      await writeModelRecipe(out, { steps: v1.steps.slice(0, 5), encoding: v1.encoding });
      const written = JSON.parse(readFileSync(join(out, RECIPE_JSON), 'utf8')) as Json;
      expect(Object.keys(written)).toEqual(['format', 'version', 'steps', 'encoding']);
      expect([written.format, written.version]).toEqual(['lifecycle-studio.recipe', 2]);
      expect(written.steps).toEqual(fixtureSteps().slice(0, 5));
      expect(written.encoding).toEqual(fixtureEncoding());
      expect(existsSync(join(out, PREPROCESSING_V1_JSON))).toBe(false);
      expect(await readModelRecipe(out)).toEqual({ ...v1, steps: v1.steps.slice(0, 5) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('a malformed recipe is refused, naming the file and the step or field', () => {
  const path = () => join(dir, RECIPE_JSON);

  it('version 2: a feature without its kind', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => delete r.encoding.features[0].kind);
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()} is malformed: encoding: feature 1 ("age") kind:`);
  });

  it('version 2: a classification target without labels', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => delete r.encoding.target.labels);
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()} is malformed: encoding: target.labels: a classification target needs at least 2 labels`);
  });

  it('version 2: scaling that does not match the encoded columns', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => r.encoding.scaleStd.pop());
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()} is malformed: encoding: scaleMean: scaleMean and scaleStd need one entry per encoded column`);
  });

  it('version 2: no encoding', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => delete r.encoding);
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()} is malformed: "encoding" is missing`);
  });

  it('version 2: a step with a field of the wrong type', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => (r.steps[5].mean = '38.6'));
    await expect(readModelRecipe(dir)).rejects.toThrow(new RegExp(`^${escape(path())}: step 6 \\(standard-scale on "age"\\) is malformed: mean: .*number`));
  });

  it('a version this app does not know', async () => {
    toVersion2();
    rewrite(RECIPE_JSON, (r) => (r.version = 3));
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()} has recipe version 3; this version of Lifecycle Studio reads versions 1 and 2`);
  });

  it('version 1: an unknown step', async () => {
    rewrite(RECIPE_JSON, (r) => r.steps.push({ op: 'log-transform', column: 'age' }));
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()}: step 20 (log-transform on "age") is not a step this version`);
  });

  it('version 1: a one-hot step whose outputs do not match its categories', async () => {
    rewrite(RECIPE_JSON, (r) => (r.steps[11].outputs = []));
    await expect(readModelRecipe(dir)).rejects.toThrow(/step 12 \(one-hot on "workclass"\) is malformed: outputs: needs one output column per category/);
  });

  it('version 1: steps that are not a list', async () => {
    rewrite(RECIPE_JSON, (r) => Object.assign(r, { steps: { op: 'drop' } }));
    await expect(readModelRecipe(dir)).rejects.toThrow(`${path()}: "steps" must be a list of recipe steps, got object.`);
  });

  it('version 1: preprocessing.json with a broken feature names that file', async () => {
    rewrite(PREPROCESSING_V1_JSON, (s) => delete s.features[0].kind);
    await expect(readModelRecipe(dir)).rejects.toThrow(`${join(dir, PREPROCESSING_V1_JSON)} is malformed: feature 1 ("age") kind:`);
  });

  it('version 1: preprocessing.json whose classification target lost its labels', async () => {
    rewrite(PREPROCESSING_V1_JSON, (s) => delete s.target.labels);
    await expect(readModelRecipe(dir)).rejects.toThrow(
      `${join(dir, PREPROCESSING_V1_JSON)} is malformed: target.labels: a classification target needs at least 2 labels`,
    );
  });
});
