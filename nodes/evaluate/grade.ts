/**
 * The grading prompt: a second model reads a rubric per row and variant ("Does the reply ...? Answer
 * PASS or FAIL") through the same client, response cache, retries and host trust as the Prompt node.
 * A row without a reply fails without a request; an answer that is neither PASS nor FAIL is counted
 * as unclear, a failed request as an error, and neither is a pass. Figures per variant `<v>`:
 * grade_pass_rate_<v> (passes over all rows), grade_unclear_<v>, grade_errors_<v>.
 */
import { ident } from '../../engine/data/data-plane.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { MetricsValue, TableValue } from '../../engine/values.js';
import { chatWithRetries, connectionOf, createClient, explainFailure } from '../shared/llm/llm-client.js';
import { runPool } from '../shared/llm/pool.js';
import { requestKey, ResponseCache } from '../shared/llm/response-cache.js';
import { placeholders, render } from '../shared/llm/template.js';
import type { GradeParams } from './grade-params.js';
import type { PromptTable } from './prompt-table.js';

export interface VariantGrade {
  name: string;
  /** Per row: the grader said PASS. */
  passed: boolean[];
  unclear: number;
  errors: number;
}

type Verdict = 'pass' | 'fail' | 'unclear' | 'error';
const FATAL = new Set(['LLM_KEY_REFUSED', 'LLM_MODEL_UNKNOWN', 'LLM_UNREACHABLE']);
const RUBRIC_FIELDS = ['reply', 'expected', 'input'];

export function verdictOf(answer: string): Verdict {
  const m = /^[\s"'*`]*(pass|fail)\b/i.exec(answer);
  return m ? (m[1].toLowerCase() as Verdict) : 'unclear';
}

function checkRubric(p: GradeParams, table: TableValue): void {
  const unknown = placeholders(p.gradeRubric).filter((x) => !RUBRIC_FIELDS.includes(x));
  if (unknown.length)
    throw new NodeError(
      'GRADE_PLACEHOLDER_UNKNOWN',
      `the Rubric uses ${unknown.map((u) => `{{${u}}}`).join(', ')}; a rubric may use {{reply}}, {{expected}} and {{input}}`,
      'Rename the placeholder; choose the column {{input}} takes in "Input column".',
    );
  if (placeholders(p.gradeRubric).includes('input') && !table.columns.some((c) => c.name === p.gradeInput))
    throw new NodeError(
      'GRADE_INPUT_COLUMN',
      `the Rubric uses {{input}} but "Input column" is ${p.gradeInput ? `"${p.gradeInput}", which the table does not have` : 'not set'}; columns: ${table.columns.map((c) => c.name).join(', ')}`,
      'Set "Input column" to the column the prompt was about.',
    );
}

async function inputsOf(ctx: RunContext, table: TableValue, column: string): Promise<string[]> {
  if (!table.columns.some((c) => c.name === column)) return [];
  const rows = await ctx.data.all<{ v: string | null }>(`SELECT ${ident(column)}::VARCHAR AS v FROM ${ident(table.table)} ORDER BY rowid`);
  return rows.map((r) => r.v ?? '');
}

export async function gradeVariants(ctx: RunContext, table: TableValue, t: PromptTable, p: GradeParams): Promise<VariantGrade[]> {
  checkRubric(p, table);
  const input = await inputsOf(ctx, table, p.gradeInput);
  const connection = connectionOf(ctx, {
    provider: p.gradeProvider,
    baseUrl: p.gradeBaseUrl,
    model: p.gradeModel,
    apiKey: p.gradeApiKey,
    azureApiVersion: p.gradeAzureApiVersion,
    timeoutSeconds: p.gradeTimeoutSeconds,
  });
  const client = createClient(connection);
  const cache = new ResponseCache(ctx.workspaceDir);
  const rows = t.expected.length;
  const policy = { retries: p.gradeRetries, baseMs: 500, maxMs: 30_000 };
  ctx.log('info', `grading ${rows} rows x ${t.variants.length} variants with ${p.gradeModel} at ${connection.baseUrl}`);
  const grade = async (i: number, signal: AbortSignal): Promise<Verdict> => {
    const v = t.variants[Math.floor(i / rows)];
    const r = i % rows;
    if (v.reply[r] === null) return 'fail';
    const content = render(p.gradeRubric, { reply: v.reply[r], expected: t.expected[r] ?? '', input: input[r] ?? '' });
    const body = { model: p.gradeModel, temperature: 0, max_tokens: 16, messages: [{ role: 'user' as const, content }] };
    const key = requestKey({ provider: connection.provider, baseUrl: connection.baseUrl, body });
    const hit = await cache.get(key);
    if (hit) return verdictOf(hit.content);
    try {
      const reply = await chatWithRetries(client, body, policy, signal, (attempt, wait, status) =>
        ctx.log('warn', `grading row ${r + 1}, variant "${v.name}": ${status ?? 'error'}, retry ${attempt} in ${Math.round(wait)} ms`),
      );
      await cache.put(key, { ...reply, latencyMs: 0 });
      return verdictOf(reply.content);
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      const failure = await explainFailure(err, connection, client, `grading row ${r + 1}, variant "${v.name}"`);
      if (FATAL.has(failure.code)) throw failure;
      ctx.log('warn', failure.message);
      return 'error';
    }
  };
  const verdicts = await runPool(
    rows * t.variants.length,
    { concurrency: p.gradeConcurrency, signal: ctx.signal, onDone: (done, total) => ctx.progress(done / total, `graded ${done} of ${total}`) },
    grade,
    'grading requests',
  );
  return t.variants.map((v, k) => {
    const mine = verdicts.slice(k * rows, (k + 1) * rows);
    return {
      name: v.name,
      passed: mine.map((x) => x === 'pass'),
      unclear: mine.filter((x) => x === 'unclear').length,
      errors: mine.filter((x) => x === 'error').length,
    };
  });
}

/** Adds the grades to Evaluate's figures: per variant, of the best variant (by accuracy, as every `_best`), the highest, and a chart. */
export function addGrades(result: MetricsValue, grades: VariantGrade[]): void {
  const rates = grades.map((g) => (g.passed.length ? g.passed.filter(Boolean).length / g.passed.length : NaN));
  grades.forEach((g, k) => {
    const figures = { grade_pass_rate: rates[k], grade_unclear: g.unclear, grade_errors: g.errors };
    for (const [m, x] of Object.entries(figures)) result.metrics[`${m}_${g.name}`] = x;
    result.groups = { ...result.groups, [g.name]: { ...result.groups?.[g.name], ...figures } };
  });
  result.metrics.grade_pass_rate_best = rates[result.metrics.best_variant] ?? NaN;
  result.metrics.grade_pass_rate_max = Math.max(...rates);
  result.charts = [
    ...(result.charts ?? []),
    {
      type: 'bars',
      id: 'grades',
      title: 'Grading prompt: pass rate per variant',
      labels: ['pass rate'],
      series: grades.map((g, k) => ({ name: g.name, values: [rates[k]] })),
    },
  ];
}
