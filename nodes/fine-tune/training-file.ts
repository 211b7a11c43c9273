/**
 * The training file: one chat-format example per labelled row, {"messages":[system?, user, assistant]}
 * per line (OpenAI's fine-tuning format), written atomically in the node's artifact folder. A row
 * without an answer (or without a user text) cannot teach anything, so it is left out, but counted
 * and named in the report, never dropped silently. The files go to the workspace, in a folder named by
 * their content (`fine-tune/<node>/<sha256 prefix>/`), not the artifact folder: a run that fails at the
 * provider must still leave the file the user can upload elsewhere.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ident } from '../../engine/data/data-plane.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import type { ParamsOf } from '../../engine/node-def.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { TableValue } from '../../engine/values.js';
import { assertPlaceholders, render } from '../shared/llm/template.js';
import type { fineTuneDef } from './def.js';

type Params = ParamsOf<typeof fineTuneDef>;

export interface TrainingFiles {
  training: { path: string; examples: number };
  validation?: { path: string; examples: number };
  /** 1-based row numbers (table order) left out, by reason. */
  noAnswer: number[];
  noText: number[];
  rows: number;
}

/** Whether the k-th written example goes to the validation file: a sha256 draw, recomputable anywhere. */
export function inValidation(seed: number, k: number, share: number): boolean {
  if (share <= 0) return false;
  const draw = parseInt(createHash('sha256').update(`${seed}:${k}`).digest('hex').slice(0, 8), 16) / 2 ** 32;
  return draw < share;
}

function checkColumns(params: Params, table: TableValue): string {
  const columns = table.columns.map((c) => c.name);
  const missing = (param: string, column: string) =>
    new NodeError(
      'FINE_TUNE_COLUMN',
      `param ${param} names "${column}", which the input table does not have; its columns are: ${columns.join(', ')}`,
      `Set "${param}" to one of the columns listed.`,
    );
  if (!params.answerColumn) throw missing('Label / expected column', '');
  if (!columns.includes(params.answerColumn)) throw missing('Label / expected column', params.answerColumn);
  if (params.source === 'columns') {
    if (!columns.includes(params.textColumn)) throw missing('Text column', params.textColumn);
    return `{{${params.textColumn}}}`;
  }
  assertPlaceholders('fine-tune', `${params.system}\n${params.template}`, columns, 'input table');
  return params.template;
}

const answerOf = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim());

export async function writeTrainingFiles(ctx: RunContext, table: TableValue, params: Params): Promise<TrainingFiles> {
  const template = checkColumns(params, table);
  const rows = await ctx.data.all<Record<string, unknown>>(`SELECT * FROM ${ident(table.table)} ORDER BY rowid`);
  const lines: { training: string[]; validation: string[] } = { training: [], validation: [] };
  const noAnswer: number[] = [];
  const noText: number[] = [];
  rows.forEach((row, i) => {
    const answer = answerOf(row[params.answerColumn]);
    const user = render(template, row);
    if (!answer) return void noAnswer.push(i + 1);
    if (!user.trim()) return void noText.push(i + 1);
    const system = params.system.trim() ? [{ role: 'system', content: render(params.system, row) }] : [];
    const line = JSON.stringify({ messages: [...system, { role: 'user', content: user }, { role: 'assistant', content: answer }] });
    const k = lines.training.length + lines.validation.length;
    (inValidation(params.seed, k, params.validationShare) ? lines.validation : lines.training).push(line);
  });
  if (lines.training.length === 0)
    throw new NodeError(
      'FINE_TUNE_NO_EXAMPLES',
      `none of the ${rows.length} rows has both a user text and an answer in "${params.answerColumn}"`,
      'Label some rows (the Labels node), or pick the columns holding the text and the answer.',
    );
  const text = (content: string[]) => content.map((l) => `${l}\n`).join('');
  const digest = createHash('sha256').update(text(lines.training)).update('\0').update(text(lines.validation)).digest('hex').slice(0, 16);
  const dir = join(ctx.workspaceDir, 'fine-tune', ctx.nodeId.replace(/[^A-Za-z0-9_-]/g, '_'), digest);
  const write = async (name: string, content: string[]) => {
    const path = join(dir, name);
    await writeFileAtomic(path, text(content));
    return { path, examples: content.length };
  };
  return {
    training: await write('training.jsonl', lines.training),
    ...(lines.validation.length ? { validation: await write('validation.jsonl', lines.validation) } : {}),
    noAnswer,
    noText,
    rows: rows.length,
  };
}

/** What was written and what was left out, in words (the log and the report). */
export function describeFiles(f: TrainingFiles, answerColumn: string): string[] {
  const few = (rows: number[]) => `${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', ...' : ''}`;
  return [
    `${f.training.examples} training examples in ${f.training.path}`,
    ...(f.validation ? [`${f.validation.examples} validation examples in ${f.validation.path}`] : []),
    ...(f.noAnswer.length ? [`${f.noAnswer.length} of ${f.rows} rows left out: no answer in "${answerColumn}" (rows ${few(f.noAnswer)})`] : []),
    ...(f.noText.length ? [`${f.noText.length} of ${f.rows} rows left out: empty user message (rows ${few(f.noText)})`] : []),
  ];
}
