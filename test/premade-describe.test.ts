/**
 * The describe request for node types that introspect their input file, across the real engine
 * process: both shared ONNX models' signatures, compared with an independent reading of their
 * protobuf bytes (nodes/premade-model/onnx-signature-reference.py, no code of ours), and the same
 * confinement to the allowed folders as a run.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../cli/engine-host.js';
import { pipeline, SHARED_DATA, tempDir } from './testing/cli-harness.js';

const engine = startEngine(tempDir('ls-premade-describe-'));
afterAll(() => engine.close());

const ELEM_NAMES: Record<number, string> = { 1: 'float32', 7: 'int64', 8: 'string', 9: 'bool', 11: 'float64' };
const reference = (file: string) => JSON.parse(execFileSync('python3', ['nodes/premade-model/onnx-signature-reference.py', file], { encoding: 'utf8' }));

const describeFile = async (file: string, allowedRoots?: string[]) => {
  const doc = pipeline([{ id: 'premade', type: 'premade-model', params: { model: file } }]);
  const { document } = await engine.validate(doc);
  return engine.describeNodeFile(document!, 'premade', allowedRoots ? { allowedRoots } : {});
};

describe('describeNodeFile on the premade ONNX models', () => {
  for (const name of ['penguins_classifier', 'adult_income_two_heads']) {
    it(`gives ${name}'s signature as its bytes hold it`, async () => {
      const file = join(SHARED_DATA, 'premade', `${name}.onnx`);
      const ref = reference(file);
      const { kind, signature } = await describeFile(file);
      expect(kind).toBe('onnx');
      const tensors = (list: { name: string; elem: number; dims: unknown[] }[]) =>
        list.map((t) => ({ name: t.name, elemType: ELEM_NAMES[t.elem], shape: t.dims }));
      expect(signature.inputs).toEqual(tensors(ref.inputs));
      expect(signature.outputs).toEqual(tensors(ref.outputs));
      expect(signature.irVersion).toBe(ref.ir_version);
      expect(signature.opsets.map((o) => [o.domain, o.version])).toEqual(ref.opsets);
      expect([signature.producerName, signature.producerVersion]).toEqual(ref.producer);
      expect(signature.docString).toBe(ref.doc);
      expect(signature.metadata).toEqual(ref.metadata);
    });
  }

  it('matches what the README of the models says', async () => {
    const penguins = (await describeFile(join(SHARED_DATA, 'premade', 'penguins_classifier.onnx'))).signature;
    expect(penguins.inputs).toEqual([{ name: 'features', elemType: 'float32', shape: ['batch', 4] }]);
    expect(penguins.metadata.labels).toBe('Adelie,Chinstrap,Gentoo');
    expect(penguins.opsets).toEqual([{ domain: '', version: 13 }]);
    // The feature_order and labels the README lists, offered to fill the empty params.
    expect((await describeFile(join(SHARED_DATA, 'premade', 'penguins_classifier.onnx'))).suggestedParams).toEqual({
      mapping: [{ input: 'features', columns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'] }],
      labels: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    const adultDescription = await describeFile(join(SHARED_DATA, 'premade', 'adult_income_two_heads.onnx'));
    expect(adultDescription.suggestedParams).toBeUndefined();
    const adult = adultDescription.signature;
    expect(adult.inputs.map((i) => i.name)).toEqual(['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week']);
    expect(adult.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['probability_over_50k', ['batch', 1]],
      ['embedding', ['batch', 16]],
    ]);
  });

  it('refuses a file outside the allowed folders, as a run would, before reading it', async () => {
    const file = join(SHARED_DATA, 'premade', 'penguins_classifier.onnx');
    await expect(describeFile(file, [tempDir('ls-premade-elsewhere-')])).rejects.toMatchObject({ code: 'PATH_OUTSIDE_ROOTS' });
    expect((await describeFile(file, [join(SHARED_DATA, 'premade')])).signature.inputs[0].name).toBe('features');
  });

  it('a run refuses the model file outside the allowed folders, naming the node and the param, before any node starts', async () => {
    const doc = pipeline(
      [
        { id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'penguins.csv') } },
        { id: 'premade', type: 'premade-model', params: { model: join(SHARED_DATA, 'premade', 'penguins_classifier.onnx'), target: 'species' } },
      ],
      [['imp:table', 'premade:table']],
    );
    const { document } = await engine.validate(doc);
    const refused = await engine.run(document!, { allowedRoots: [tempDir('ls-premade-elsewhere-')] }).then(
      () => undefined,
      (e: { code: string; message: string }) => e,
    );
    expect(refused?.code).toBe('PATH_OUTSIDE_ROOTS');
    expect(refused?.message).toContain('node "premade", param "model": reads');
    const record = await engine.run(document!, { allowedRoots: [SHARED_DATA] });
    expect(record.status).toBe('succeeded');
    expect((record.nodes.premade.outputs?.table as { rowCount: number }).rowCount).toBe(342);
  });

  it('names a node type that cannot describe, and a missing file', async () => {
    const doc = pipeline([{ id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'iris.csv') } }]);
    const { document } = await engine.validate(doc);
    await expect(engine.describeNodeFile(document!, 'imp')).rejects.toThrow('node "imp" (import-dataset) cannot describe its input file');
    await expect(describeFile(join(SHARED_DATA, 'premade', 'nope.onnx'))).rejects.toThrow(/no file at .*nope\.onnx; pick the \.onnx file again/);
  });
});
