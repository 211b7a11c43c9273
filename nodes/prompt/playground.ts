/**
 * The Prompt node's playground (the inspector's Playground section): one row of the input, in the
 * order the node reads it, through one variant with the node's own code: the same placeholder check,
 * `buildMessages`, request body, response cache, retries, error wording and reply parsing as a run.
 * Rendering sends nothing; sending first passes the run's host trust check.
 */
import { ident } from '../../engine/data/data-plane.js';
import { parseParams } from '../../engine/graph/parse-params.js';
import { problemOf } from '../../engine/node-playground.js';
import { NodeError, ParamsInvalidError, type PlaygroundContext } from '../../engine/node-run.js';
import type { PlaygroundAnswer, PlaygroundMessage, PlaygroundReply, PlaygroundRequest } from '../../engine/playground-types.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { PortValue, TableValue } from '../../engine/values.js';
import { connectionOf, createClient } from '../shared/llm/llm-client.js';
import { ResponseCache } from '../shared/llm/response-cache.js';
import { promptDef } from './def.js';
import { runBatch } from './prompt-batch.js';
import { cellOf, parserFor, priceOf, retryPolicyOf, samplingOf } from './prompt-request.js';
import { assertPlaceholders, buildMessages } from '../../engine/llm/template.js';

type Params = ParamsOf<typeof promptDef>;

/** The placeholder checks of a run, for the one variant tried. */
function checkVariant(variant: PlaygroundRequest['variant'], params: Params, input: TableValue, examples: TableValue | undefined): void {
  const name = variant.name || 'playground';
  if (!variant.template.trim())
    throw new NodeError('PROMPT_TEMPLATE_EMPTY', 'the template is empty', 'Write the user message, with {{column}} for a column of the row.');
  assertPlaceholders(
    name,
    `${variant.system}\n${variant.template}`,
    input.columns.map((c) => c.name),
    'input table',
  );
  if (!examples) return;
  assertPlaceholders(
    name,
    variant.template,
    examples.columns.map((c) => c.name),
    'few-shot examples table',
  );
  if (!params.exampleAnswer)
    throw new NodeError('PROMPT_EXAMPLE_ANSWER', 'a few-shot examples table is connected but no answer column is chosen', 'Set "Example answer column".');
}

async function send(ctx: PlaygroundContext, params: Params, request: PlaygroundRequest, messages: PlaygroundMessage[], row: number): Promise<PlaygroundReply> {
  const { parse, responseFormat } = parserFor(params);
  ctx.assertMaySend();
  const connection = connectionOf(ctx, params);
  const [result] = await runBatch([{ row, variant: request.variant.name || 'playground', body: { ...samplingOf(params, responseFormat), messages } }], {
    connection,
    client: createClient(connection),
    cache: params.useCache ? new ResponseCache(ctx.workspaceDir) : undefined,
    refresh: params.refresh || request.refresh === true,
    concurrency: 1,
    policy: retryPolicyOf(params),
    signal: ctx.signal,
    onDone: () => undefined,
    log: () => undefined,
  });
  const { reply: value, ...cell } = cellOf(result, parse, priceOf(params));
  return { ...cell, value };
}

/**
 * @example
 * const answer = await promptPlayground(ctx, { table }, node.params, { row: 2, variant: { name: 'v2', system: '', template: '{{text}}' }, send: true });
 */
export async function promptPlayground(
  ctx: PlaygroundContext,
  inputs: Record<string, PortValue | undefined>,
  raw: unknown,
  request: PlaygroundRequest,
): Promise<PlaygroundAnswer> {
  const parsed = parseParams(promptDef, raw, { nodeId: ctx.nodeId });
  if (!parsed.values) throw new ParamsInvalidError(promptDef.type, parsed.issues);
  const params = parsed.values;
  const input = inputs.table as TableValue | undefined;
  const examples = inputs.examples as TableValue | undefined;
  if (!input) throw new NodeError('PROMPT_NO_INPUT', 'nothing is connected to the Rows input', 'Connect a table to Rows.');
  const [{ n }] = await ctx.data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(input.table)}`);
  const rowIndex = Math.max(0, Math.min(request.row, n - 1));
  const base = { rowCount: n, rowIndex, columns: input.columns.map((c) => c.name), model: params.model };
  if (n === 0) return { ...base, problem: { code: 'PROMPT_NO_ROWS', message: 'the input table has no rows', hint: 'Check the nodes above.' } };
  // The node reads `SELECT * ... ORDER BY rowid`; row i here is its row i.
  const [row] = await ctx.data.all(`SELECT * FROM ${ident(input.table)} ORDER BY rowid LIMIT 1 OFFSET ?`, [rowIndex]);
  let messages: PlaygroundMessage[];
  try {
    checkVariant(request.variant, params, input, examples);
    const exampleRows = examples ? await ctx.data.all(`SELECT * FROM ${ident(examples.table)} ORDER BY rowid`) : [];
    messages = buildMessages(request.variant, row, exampleRows, params.exampleAnswer);
  } catch (err) {
    return { ...base, row, problem: problemOf(err) };
  }
  if (!request.send) return { ...base, row, messages };
  try {
    const reply = await send(ctx, params, request, messages, rowIndex);
    return { ...base, row, messages, reply };
  } catch (err) {
    return { ...base, row, messages, problem: problemOf(err) };
  }
}
