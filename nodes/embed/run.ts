/**
 * Runs the Embed node: reads the text column, sends each distinct non-empty text once (cached ones
 * not at all), and appends the vectors as a DOUBLE[] column. Empty texts are counted, not sent.
 */
import { ident } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { TableValue } from '../../engine/values.js';
import { connectionOf, createClient } from '../shared/llm/llm-client.js';
import { ResponseCache } from '../shared/llm/response-cache.js';
import { embedDef } from './def.js';
import { embedTexts } from './embed-calls.js';
import { writeVectors } from './vector-table.js';

type Params = ParamsOf<typeof embedDef>;

function checkColumns(params: Params, input: TableValue): void {
  const names = input.columns.map((c) => c.name);
  if (!names.includes(params.column))
    throw new NodeError('EMBED_NO_COLUMN', `the input table has no column "${params.column}" (param Text column)`, `Pick one of: ${names.join(', ')}.`);
  if (names.includes(params.outputColumn))
    throw new NodeError(
      'EMBED_COLUMN_CLASH',
      `the input table already has a column "${params.outputColumn}"`,
      'Change "Vector column", or drop that column upstream.',
    );
}

function sameLength(vectors: Map<string, number[]>): void {
  const lengths = new Set([...vectors.values()].map((v) => v.length));
  if (lengths.size > 1)
    throw new NodeError(
      'EMBED_RAGGED',
      `the model returned vectors of different lengths (${[...lengths].join(', ')})`,
      'Cached vectors may come from another model version: turn on "Refresh" once.',
    );
}

export const embedRunner = defineRunner(embedDef, async (ctx, inputs, params) => {
  const input = inputs.table;
  checkColumns(params, input);
  const connection = connectionOf(ctx, params);
  const rows = await ctx.data.all<{ t: string | null }>(`SELECT CAST(${ident(params.column)} AS VARCHAR) AS t FROM ${ident(input.table)} ORDER BY rowid`);
  const texts = rows.map((r) => (r.t !== null && r.t.trim() !== '' ? r.t : null));
  const empty = texts.filter((t) => t === null).length;
  if (empty) ctx.log('warn', `${empty} of ${rows.length} rows have an empty "${params.column}": not sent, their "${params.outputColumn}" is NULL`);
  const distinct = [...new Set(texts.filter((t): t is string => t !== null))];
  ctx.log('info', `embedding ${distinct.length} distinct texts of ${rows.length} rows with ${params.model} at ${connection.baseUrl}`);
  const result = await embedTexts(distinct, {
    connection,
    client: createClient(connection),
    cache: params.useCache ? new ResponseCache(ctx.workspaceDir) : undefined,
    refresh: params.refresh,
    batchSize: params.batchSize,
    concurrency: params.concurrency,
    policy: { retries: params.retries, baseMs: 500, maxMs: 30_000 },
    signal: ctx.signal,
    onDone: (done, total) => ctx.progress(done / total, `${done} of ${total} requests`),
    log: (message) => ctx.log('warn', message),
  });
  sameLength(result.vectors);
  const price = params.prices.find((p) => p.model === params.model);
  const cost = price
    ? `estimated cost of this run $${((result.tokens * price.input) / 1e6).toFixed(6)}`
    : `no price for model "${params.model}" in the price table`;
  ctx.log(
    'info',
    `${result.requests} requests sent for ${distinct.length - result.fromCache} texts, ${result.fromCache} from the cache; ${result.tokens} tokens; ${cost}`,
  );
  const out = await writeVectors(
    ctx,
    input.table,
    params.outputColumn,
    texts.map((t) => (t === null ? null : (result.vectors.get(t) ?? null))),
  );
  return { table: await ctx.data.describe(out) };
});
