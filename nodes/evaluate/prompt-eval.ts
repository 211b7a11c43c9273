/** Evaluate on a Prompt node's table: reads it, builds the check from the params, reports per variant. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RunContext } from '../../engine/node-run.js';
import type { MetricsValue, TableValue } from '../../engine/values.js';
import type { CheckKind } from '../shared/text-checks.js';
import { addGrades, gradeVariants } from './grade.js';
import type { GradeParams } from './grade-params.js';
import { promptMetrics, type PromptCheck } from './prompt-metrics.js';
import { readPromptTable } from './prompt-table.js';

export interface PromptEvalParams {
  expected: string;
  check: string;
  pattern: string;
  tolerance: number;
  jsonSchema: string;
}

function buildCheck(p: PromptEvalParams): PromptCheck {
  const kind = p.check as CheckKind;
  if (kind === 'regex') {
    if (!p.pattern) throw new Error('the check is "regular expression" but "Regular expression" is empty; type the pattern replies must match');
    try {
      return { kind, pattern: new RegExp(p.pattern) };
    } catch (e) {
      throw new Error(`"Regular expression" ${p.pattern} does not compile (${(e as Error).message}); fix the pattern`);
    }
  }
  if (kind === 'json' && p.jsonSchema.trim()) {
    let schema: object;
    try {
      schema = JSON.parse(p.jsonSchema) as object;
    } catch (e) {
      throw new Error(`"JSON Schema" is not JSON (${(e as Error).message}); paste the Prompt node's schema`);
    }
    const validate = new Ajv2020({ strict: false }).compile(schema);
    return { kind, schema: (v) => validate(v) };
  }
  return { kind, tolerance: p.tolerance };
}

export async function evaluatePrompt(ctx: RunContext, table: TableValue, params: PromptEvalParams & Partial<GradeParams>): Promise<MetricsValue> {
  const check = buildCheck(params);
  ctx.progress(0, 'reading the prompt replies');
  const t = await readPromptTable(ctx.data, table, params.expected);
  const result = promptMetrics(t, check);
  if (params.gradeBaseUrl?.trim()) addGrades(result, await gradeVariants(ctx, table, t, params as GradeParams));
  const names = t.variants.map((v) => v.name);
  const best = names[result.metrics.best_variant];
  ctx.progress(1, `${t.expected.length} rows, ${names.length} variants: best ${best}, accuracy ${result.metrics.accuracy_best.toFixed(4)} (${params.check})`);
  return result;
}
