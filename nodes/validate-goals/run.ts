import { join } from 'node:path';
import { defineRunner } from '../../engine/node-run.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { readTrainingSummary } from '../../engine/models/model-files.js';
import { readModelRecipe } from '../../engine/models/model-recipe.js';
import { getTf } from '../../engine/models/tf-backend.js';
import type { ReportValue } from '../../engine/values.js';
import { validateGoalsDef } from './def.js';
import { cardBlocks, renderHtml, renderMarkdown } from './model-card.js';
import { checkRule } from './rules.js';

export const validateGoalsRunner = defineRunner(validateGoalsDef, async (ctx, inputs, params) => {
  const outcomes = params.rules.map((rule) => checkRule(rule, inputs.metrics));
  const passed = outcomes.length > 0 && outcomes.every((o) => o.passed);
  if (!outcomes.length) ctx.log('warn', 'no rules: the gate stays closed until at least one rule is written');
  for (const o of outcomes) ctx.log(o.passed ? 'info' : 'warn', `${o.passed ? 'pass' : 'FAIL'}: ${o.rule} - ${o.message}`);

  const model = inputs.model;
  const spec = model && model.format !== 'llm' ? (await readModelRecipe(model.dir).catch(() => undefined))?.encoding : undefined;
  const training = model ? await readTrainingSummary(model.dir) : undefined;
  const { backend } = await getTf();
  const gate = { passed, rules: outcomes };
  const blocks = cardBlocks({
    title: params.title,
    generatedAt: new Date().toISOString(),
    gate,
    metrics: inputs.metrics,
    model,
    spec,
    training,
    backend: backend.label,
  });
  const markdown = renderMarkdown(params.title, blocks);
  const mdPath = join(ctx.artifactDir, 'model-card.md');
  const htmlPath = join(ctx.artifactDir, 'model-card.html');
  await writeFileAtomic(mdPath, markdown);
  await writeFileAtomic(htmlPath, renderHtml(params.title, blocks));
  const failed = outcomes.filter((o) => !o.passed).length;
  ctx.progress(1, passed ? `all ${outcomes.length} rules pass` : `${failed} of ${outcomes.length} rules fail`);
  const report: ReportValue = {
    kind: 'report',
    title: params.title,
    files: [
      { name: 'model-card.md', path: mdPath, mediaType: 'text/markdown' },
      { name: 'model-card.html', path: htmlPath, mediaType: 'text/html' },
    ],
    gate,
    markdown,
  };
  return { report };
});
