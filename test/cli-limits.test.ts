/**
 * The real CLI on documents that are too big, too deep or subtly wrong: `validate` and `run` both
 * exit 2 with a message naming the place, and agree with each other. Generated files, temp folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, runCli, tempDir, writeJson } from './testing/cli-harness.js';

const CSV = 'name,age\nAnn,34\nBob,28\nCid,41\n';

let dir: string;
beforeAll(() => {
  dir = tempDir('ls-limits-');
  writeFileSync(join(dir, 'people.csv'), CSV);
});

/** Both commands, on the same file: each must exit 2 and print `expected` on stderr. */
async function bothRefuse(file: string, expected: string | RegExp, extra: string[] = []) {
  const validate = await runCli(['validate', file, ...extra]);
  const run = await runCli(['run', file, '--workspace', join(dir, 'ws-refused'), ...extra]);
  for (const r of [validate, run]) {
    expect(r.code).toBe(2);
    if (typeof expected === 'string') expect(r.stderr).toContain(expected);
    else expect(r.stderr).toMatch(expected);
  }
  expect(run.stderr).toContain('nothing was run');
  return { validate, run };
}

const importNode = { id: 'imp', type: 'import-dataset', params: { path: 'people.csv' } };
const trainPipeline = (params: Record<string, unknown>) =>
  pipeline([importNode, { id: 'train', type: 'train', params: { target: 'age', ...params } }], [['imp:table', 'train:train']]);

describe('document limits on the command line', () => {
  it('a 53 MB document with 300,000 nodes is refused by its size, before it is read', async () => {
    const nodes = Array.from({ length: 300_000 }, (_, i) => ({
      id: `node-${i}`,
      type: 'import-dataset',
      typeVersion: 1,
      label: `Import number ${i} of the generated set`,
      params: { path: 'people.csv' },
      position: { x: i, y: i },
    }));
    const path = writeJson(dir, 'huge.pipeline.json', { ...pipeline([]), nodes });
    const { validate } = await bothRefuse(path, /: the document is \d+\.\d MB; the limit is 16 MB \(see "Limits" in the README\)/);
    expect(validate.stderr).not.toMatch(/call stack/i);
  });

  it('6,000 small nodes are refused by the node count', async () => {
    const doc = pipeline(Array.from({ length: 6_000 }, (_, i) => ({ id: `n${i}`, type: 'import-dataset', params: { path: 'people.csv' } })));
    await bothRefuse(writeJson(dir, 'many.pipeline.json', doc), 'nodes: the document has 6000 nodes; the limit is 5000');
  });

  it('a param nested 100,000 arrays deep is refused with its path, by validate and run alike', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = JSON.stringify(pipeline([importNode])).replace('"params":{"path":"people.csv"}', `"params":{"path":"people.csv","deep":${deep}}`);
    const path = join(dir, 'deep.pipeline.json');
    writeFileSync(path, text);
    await bothRefuse(path, /nodes\[0\]\.params\.deep(\[0\]){60}: this value is nested too deep; the limit is 64 levels/);
  });
});

describe('validate and run agree', () => {
  it('--set with an unknown param name is refused by both', async () => {
    const path = writeJson(dir, 'train.pipeline.json', trainPipeline({}));
    await bothRefuse(path, '"epochz" is not a param of node "train" (train)', ['--set', 'train.epochz=5']);
  });

  it.each([
    [
      ['-5', 'abc'],
      ['Train model (train): Hidden layer sizes[0]', 'Train model (train): Hidden layer sizes[1]'],
    ],
    [['100000000'], ['Train model (train): Hidden layer sizes[0]']],
  ])('hiddenLayers %j is refused at validate time naming each bad item', async (hiddenLayers, paths) => {
    const path = writeJson(dir, `hidden-${paths.length}.pipeline.json`, trainPipeline({ hiddenLayers }));
    const { validate } = await bothRefuse(path, 'expected whole numbers between 1 and 4096');
    for (const p of paths) expect(validate.stderr).toContain(`${p}: expected whole numbers between 1 and 4096`);
    // Machines get the JSON path of each bad item.
    const json = await runCli(['validate', path, '--json']);
    const issues = (JSON.parse(json.stdout) as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(hiddenLayers.map((_, i) => `nodes[1].params.hiddenLayers[${i}]`));
  });

  it('a node with id "__proto__" is refused by both', async () => {
    const path = writeJson(dir, 'proto.pipeline.json', pipeline([{ ...importNode, id: '__proto__' }]));
    await bothRefuse(path, 'Import dataset (__proto__): node id "__proto__" is a reserved word');
  });

  it('params named like built-in object properties are reported as unknown', async () => {
    const text = JSON.stringify(pipeline([importNode])).replace('"params":{', '"params":{"constructor":1,"toString":2,"__proto__":{},');
    const path = join(dir, 'inherited.pipeline.json');
    writeFileSync(path, text);
    const r = await runCli(['validate', path]);
    expect(r.code).toBe(0);
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(r.stderr).toContain(`warning: Import dataset (imp): ${name}: "${name}" is not a param of "import-dataset" and is ignored`);
    }
  });
});

describe('byte-order mark', () => {
  it('a pipeline saved with a UTF-8 BOM validates and runs', async () => {
    const path = join(dir, 'bom.pipeline.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(pipeline([importNode]), null, 2)}`);
    const validate = await runCli(['validate', path]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const run = await runCli(['run', path, '--workspace', join(dir, 'ws-bom')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Run succeeded/);
  });
});
