import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { copyFileAtomic } from '../../engine/fs/atomic-write.js';
import { MODEL_RECIPE_FILES } from '../../engine/models/model-recipe.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { ReportValue } from '../../engine/values.js';
import { packageModelDef } from './def.js';

// The recipe goes with the network: without it a packaged model cannot prepare raw rows or encode its input.
const MODEL_FILES = ['model.json', 'weights.bin', ...MODEL_RECIPE_FILES, 'training.json', 'model.onnx'];

export const packageModelRunner = defineRunner(packageModelDef, async (ctx, inputs, params) => {
  // The engine blocks this node on a failed gate; checking again keeps a direct call honest too.
  if (inputs.report.gate && !inputs.report.gate.passed) {
    const failed = inputs.report.gate.rules.filter((r) => !r.passed).map((r) => r.rule);
    throw new NodeError(
      'GATE_FAILED',
      `the business-goal gate failed (${failed.join('; ')}); the model is not packaged`,
      'Improve the model or revisit the rules.',
    );
  }
  if (!params.folder.trim()) throw new NodeError('PARAM_INVALID', 'no output folder chosen', 'Set "Output folder".');
  const folder = ctx.resolvePath(params.folder);
  await mkdir(folder, { recursive: true });
  const present = new Set(await readdir(inputs.model.dir));
  const sources = [...MODEL_FILES.filter((f) => present.has(f)).map((f) => join(inputs.model.dir, f)), ...inputs.report.files.map((f) => f.path)];
  if (!sources.some((s) => basename(s) === 'model.json' || basename(s) === 'model.onnx')) {
    throw new NodeError('NODE_FAILED', `no model.json or model.onnx in ${inputs.model.dir}`, 'Connect the model output of the Train node.');
  }
  const files: ReportValue['files'] = [];
  for (const source of sources) {
    ctx.signal.throwIfAborted();
    const target = join(folder, basename(source));
    await copyFileAtomic(source, target);
    const mediaType = target.endsWith('.json')
      ? 'application/json'
      : target.endsWith('.md')
        ? 'text/markdown'
        : target.endsWith('.html')
          ? 'text/html'
          : 'application/octet-stream';
    files.push({ name: basename(source), path: target, mediaType });
  }
  const sizes = await Promise.all(files.map(async (f) => (await stat(f.path)).size));
  const markdown = [
    `# Packaged model`,
    '',
    `Folder: ${folder}`,
    '',
    '| File | Bytes |',
    '| --- | --- |',
    ...files.map((f, i) => `| ${f.name} | ${sizes[i]} |`),
    '',
  ].join('\n');
  ctx.log('info', `packaged ${files.length} files into ${folder}`);
  const report: ReportValue = { kind: 'report', title: 'Packaged model', files, markdown };
  return { report };
});
