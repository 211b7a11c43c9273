import { join } from 'node:path';
import { readPromptPackage } from '../../engine/models/package/prompt-package.js';
import { readModelPackage } from '../../engine/models/package/read-package.js';
import { lineageOf } from '../../engine/models/package/lineage.js';
import type { Lineage } from '../../engine/models/package/manifest.js';
import { openModel } from '../../engine/models/package/open-model.js';
import { referenceStatistics, type ReferenceStats } from '../../engine/models/package/reference-stats.js';
import { readTrainingSummary } from '../../engine/models/model-files.js';
import { promoteModel, registerModel } from '../../engine/models/registry.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { MetricsValue, ModelValue, ReportValue } from '../../engine/values.js';
import { packageModelDef } from './def.js';
import { registerPrompt } from './prompt-variant.js';
import { addServerBundle } from './server-bundle.js';

/** Statistics of the table Train fitted on, when it is still in the database (a cached upstream may have been evicted). */
async function trainingReference(ctx: RunContext, modelDir: string): Promise<ReferenceStats | undefined> {
  const table = (await readTrainingSummary(modelDir))?.data.train.table;
  if (!table || !(await ctx.data.tableExists(table))) {
    ctx.log('warn', `the training table ${table ?? '(unknown)'} is not in the database; the package has no reference statistics. Run Train again to add them.`);
    return undefined;
  }
  return referenceStatistics(ctx.data, table);
}

/**
 * The lineage of the registered version: the Train package's (verified) with this run's id, which
 * Train leaves out so that two identical trainings give one package; a folder older than packages is read as before.
 */
async function registeredLineage(ctx: RunContext, model: ModelValue): Promise<Lineage> {
  const opened = await openModel(model.dir).catch((err: unknown) => {
    throw new NodeError('NODE_FAILED', `cannot read the model on input "model": ${(err as Error).message}`, 'Run the Train node again.');
  });
  const run = { runId: ctx.runId, nodeId: ctx.nodeId, pipelineHash: ctx.documentHash };
  if (!opened.package) return lineageOf(model.dir, run);
  const trained = opened.package.lineage;
  return { ...trained, runId: ctx.runId, pipelineHash: trained.pipelineHash ?? ctx.documentHash, missing: trained.missing.filter((m) => m !== 'runId') };
}

/** Failed rules as the user reads them: the rule, and what was measured when there was a figure. */
export function failedRulesText(rules: readonly { rule: string; passed: boolean; measured: number | null }[]): string {
  return rules
    .filter((r) => !r.passed)
    .map((r) => (r.measured === null ? `"${r.rule}"` : `"${r.rule}" (measured ${r.measured})`))
    .join(', ');
}

async function registerTrained(ctx: RunContext, root: string, name: string, inputs: { model: ModelValue; metrics?: MetricsValue; report: ReportValue }) {
  return registerModel(root, {
    name,
    modelDir: inputs.model.dir,
    lineage: await registeredLineage(ctx, inputs.model),
    metrics: inputs.metrics?.metrics,
    gate: inputs.report.gate,
    cardFiles: inputs.report.files.map((f) => f.path),
    referenceStats: await trainingReference(ctx, inputs.model.dir),
  });
}

export const packageModelRunner = defineRunner(packageModelDef, async (ctx, inputs, params) => {
  const failedRules = inputs.report.gate && !inputs.report.gate.passed ? inputs.report.gate.rules : undefined;
  const failed = failedRules !== undefined;
  // The engine blocks this node on a failed gate unless it archives; checking again keeps a direct call honest too.
  if (failed && params.onFailedGate !== 'archive') {
    throw new NodeError(
      'GATE_FAILED',
      `the business-goal gate failed on ${failedRulesText(failedRules)}; the model is not registered`,
      'Improve the model or revisit these rules in Validate business goals.',
    );
  }
  // Empty: the workspace's registry, the one the Models panel, Registered model and the CLI read.
  const root = params.folder.trim() ? ctx.resolvePath(params.folder) : join(ctx.workspaceDir, 'models');
  const prompt = inputs.model.format === 'llm' && inputs.model.prompt !== undefined;
  const register = () =>
    prompt
      ? registerPrompt(ctx, root, {
          name: params.name.trim(),
          model: inputs.model,
          variant: params.variant ?? '',
          metrics: inputs.metrics,
          report: inputs.report,
        })
      : registerTrained(ctx, root, params.name.trim(), inputs);
  const registered = await register().catch((err: unknown) => {
    if (err instanceof NodeError) throw err;
    throw new NodeError('NODE_FAILED', `cannot package the model: ${(err as Error).message}`, 'Check the model input and the "Model name" param.');
  });

  const reason = failedRules ? `the business-goal gate failed on ${failedRulesText(failedRules)}` : undefined;
  // A direct call (tests, older callers) may leave the newer params out: their defaults apply.
  const stage = failed ? 'archived' : (params.stage ?? 'none');
  if (stage !== 'none') await promoteModel(root, registered.name, registered.version, stage, reason);
  if (reason) ctx.log('warn', `${registered.name} version ${registered.version} is registered as archived: ${reason}`);
  else if (stage !== 'none') ctx.log('info', `${registered.name} version ${registered.version} is now ${stage}`);

  // A prompt's server bundle is not written yet: the workspace's model server serves it (Deploy).
  if (!prompt) await addServerBundle(ctx, registered.dir);
  const pkg = prompt ? await readPromptPackage(registered.dir) : await readModelPackage(registered.dir);
  const file = (name: string) => join(registered.dir, name);
  const mediaType = (name: string) =>
    name.endsWith('.json') ? 'application/json' : name.endsWith('.md') ? 'text/markdown' : name.endsWith('.html') ? 'text/html' : 'application/octet-stream';
  const files: ReportValue['files'] = [{ name: 'manifest.json', path: join(registered.dir, 'manifest.json'), mediaType: 'application/json' }];
  for (const f of pkg.manifest.files) files.push({ name: f.path, path: file(f.path), mediaType: mediaType(f.path) });
  const markdown = [
    `# ${registered.name} version ${registered.version}`,
    '',
    `Folder: ${registered.dir}`,
    '',
    `Package hash: ${registered.hash}`,
    '',
    `Stage: ${stage}${reason ? ` (${reason})` : ''}`,
    '',
    '| File | Bytes | sha256 |',
    '| --- | --- | --- |',
    ...pkg.manifest.files.map((f) => `| ${f.path} | ${f.bytes} | ${f.sha256.slice(0, 16)} |`),
    '',
  ].join('\n');
  ctx.log('info', `registered ${registered.name} version ${registered.version} in ${root}`);
  const report: ReportValue = { kind: 'report', title: `Model ${registered.name} v${registered.version} (${stage})`, files, markdown };
  const model: ModelValue = {
    ...inputs.model,
    dir: registered.dir,
    ...(prompt ? { prompt: (pkg as Awaited<ReturnType<typeof readPromptPackage>>).prompt } : {}),
    package: { name: registered.name, version: registered.version, hash: registered.hash, stage },
  };
  return { report, model };
});
