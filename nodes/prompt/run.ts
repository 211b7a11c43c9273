/**
 * Runs the Prompt node: checks the templates against the table's columns, then sends each row
 * through each variant (prompt-batch.ts) and appends the parsed replies, validity, tokens, latency
 * and estimated cost as columns per variant (output-table.ts).
 */
import { ident } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { TableValue } from '../../engine/values.js';
import { promptDef } from './def.js';
import { connectionOf, createClient } from '../shared/llm/llm-client.js';
import { promptBody, replyParserOf } from '../../engine/llm/prompt-request.js';
import { runBatch, type Job } from './prompt-batch.js';
import { cellOf, retryPolicyOf } from './prompt-request.js';
import { ResponseCache } from '../shared/llm/response-cache.js';
import { assertPlaceholders } from '../../engine/llm/template.js';
import { variantColumns, writeOutput } from './output-table.js';
import { promptModel, promptSpec } from './prompt-model.js';
import { variantModel } from './variant-model.js';

type Params = ParamsOf<typeof promptDef>;

function checkVariants(params: Params, input: TableValue, examples: TableValue | undefined): void {
  const names = params.variants.map((v) => v.name);
  const bad = names.find((n) => !/^[A-Za-z0-9_]{1,40}$/.test(n));
  if (bad !== undefined)
    throw new NodeError(
      'PROMPT_VARIANT_NAME',
      `variant name "${bad}" is not usable in column names`,
      'Use letters, digits and _ only (it becomes reply_<name>).',
    );
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new NodeError('PROMPT_VARIANT_NAME', `two variants are named "${twice}"`, 'Give each variant its own name.');
  if (names.length === 0) throw new NodeError('PROMPT_NO_VARIANT', 'the node has no prompt variant', 'Add a variant with a template.');
  const columns = input.columns.map((c) => c.name);
  const clash = names.flatMap(variantColumns).find((c) => columns.includes(c));
  if (clash) throw new NodeError('PROMPT_COLUMN_CLASH', `the input table already has a column "${clash}"`, 'Rename that variant, or drop the column upstream.');
  for (const v of params.variants) {
    assertPlaceholders(v.name, `${v.system}\n${v.template}`, columns, 'input table');
    if (examples)
      assertPlaceholders(
        v.name,
        v.template,
        examples.columns.map((c) => c.name),
        'few-shot examples table',
      );
  }
  if (examples && !params.exampleAnswer)
    throw new NodeError('PROMPT_EXAMPLE_ANSWER', 'a few-shot examples table is connected but no answer column is chosen', 'Set "Example answer column".');
}

export const promptRunner = defineRunner(promptDef, async (ctx, inputs, params) => {
  const input = inputs.table;
  checkVariants(params, input, inputs.examples);
  const connection = connectionOf(ctx, params);
  const rows = await ctx.data.all(`SELECT * FROM ${ident(input.table)} ORDER BY rowid`);
  const examples = inputs.examples ? await ctx.data.all(`SELECT * FROM ${ident(inputs.examples.table)} ORDER BY rowid`) : [];
  const models = params.variants.map((v) => variantModel(v, params.model, inputs.tuned));
  const spec = promptSpec(params, examples, models);
  const { parse, responseFormat } = replyParserOf(spec);
  const jobs: Job[] = spec.variants.flatMap((v) => rows.map((row, i) => ({ row: i, variant: v.name, body: promptBody(spec, v, row, responseFormat) })));
  ctx.log('info', `sending ${rows.length} rows through ${params.variants.length} variant(s) to ${[...new Set(models)].join(', ')} at ${connection.baseUrl}`);
  const results = await runBatch(jobs, {
    connection,
    client: createClient(connection),
    cache: params.useCache ? new ResponseCache(ctx.workspaceDir) : undefined,
    refresh: params.refresh,
    concurrency: params.concurrency,
    policy: retryPolicyOf(params),
    signal: ctx.signal,
    onDone: (done, total) => ctx.progress(done / total, `${done} of ${total} requests`),
    log: (message) => ctx.log('warn', message),
  });
  const prices = models.map((m) => params.prices.find((p) => p.model === m));
  for (const m of new Set(models.filter((_, k) => !prices[k]))) ctx.log('info', `no price for model "${m}" in the price table: its cost columns are empty`);
  const cells = params.variants.map((_, v) => results.slice(v * rows.length, (v + 1) * rows.length).map((r) => cellOf(r, parse, prices[v])));
  const sent = results.filter((r) => !r.cached).length;
  const paid = cells.flat().reduce((sum, c) => sum + (c.cached ? 0 : (c.cost ?? 0)), 0);
  ctx.log('info', `${sent} requests sent, ${results.length - sent} replies from the cache; estimated cost of this run $${paid.toFixed(6)}`);
  const out = await writeOutput(
    ctx,
    input.table,
    params.variants.map((v) => v.name),
    cells,
  );
  return { table: await ctx.data.describe(out), model: await promptModel(ctx, spec) };
});
