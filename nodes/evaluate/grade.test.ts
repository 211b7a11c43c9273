/**
 * Evaluate's grading prompt against the stand-in on 127.0.0.1, whose grader says PASS when the reply,
 * read as lower-case words, contains the expected words (engine/testing/stand-in-grader.ts). Every
 * pass rate below is a hand count of that rule over the literals, written beside it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { findRefusedHosts } from '../../engine/security/run-hosts.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import { nodeDefs } from '../defs.js';
import { filesUnder } from '../testing/fine-tune-kit.js';
import { validateGoalsRunner } from '../validate-goals/run.js';
import { evaluateRunner } from './run.js';

let server: StandIn;
let ctx: FakeContext;
const expected = ['positive', 'negative', 'positive', 'negative', 'positive', 'negative'];
const input = ['great food', 'cold soup', 'nice staff', 'rude waiter', 'loved it', 'never again'];
// Grader, hand count: a passes rows 1 2 3 4 ("not negative" holds the word negative), fails 5 (no
// reply, never sent) and 6: 4 of 6. b fails only row 4 ("positively" is not the word "negative"): 5 of 6.
const a = ['Positive.', 'negative', 'It is positive', 'not negative', null, 'Positive'];
const b = ['positive', 'negative!', 'positive', 'positively', 'positive', 'negative'];

beforeAll(async () => {
  server = await startStandIn();
  ctx = await createTestContext({ nodeId: 'grade' });
  const q = (s: string | null) => (s === null ? 'NULL' : `'${s}'`);
  const rows = expected.map((e, i) => `(${q(input[i])}, ${q(e)}, ${q(a[i])}, ${a[i] !== null}, ${q(b[i])}, true)`);
  await ctx.data.run(`CREATE TABLE replies AS SELECT * FROM (VALUES ${rows.join(', ')}) t(text, label, reply_a, valid_a, reply_b, valid_b)`);
});
afterAll(async () => {
  ctx.data.close();
  await server.close();
});

const evaluate = async (params: Record<string, unknown>) =>
  (
    await evaluateRunner.run(
      createFakeContext(ctx.data, { nodeId: 'e', workspaceDir: ctx.workspaceDir }),
      { scored: await ctx.data.describe('replies'), compare: undefined },
      {
        expected: 'label',
        check: 'exact',
        gradeBaseUrl: server.baseURL,
        gradeProvider: 'compatible',
        gradeModel: 'stand-in-large',
        gradeApiKey: '',
        gradeInput: 'text',
        ...params,
      },
    )
  ).metrics as MetricsValue;
const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

it('grades each reply with the rubric: pass rate per variant, of the best variant, and the highest', async () => {
  const m = await evaluate({});
  expect(m.metrics.grade_pass_rate_a).toBeCloseTo(4 / 6, 12);
  expect(m.metrics.grade_pass_rate_b).toBeCloseTo(5 / 6, 12);
  expect([m.metrics.grade_unclear_a, m.metrics.grade_errors_a, m.metrics.grade_unclear_b]).toEqual([0, 0, 0]);
  // Exact match, hand count: a 1 of 6 (row 2), b 4 of 6 (rows 1 3 5 6): b is the best variant.
  expect([m.metrics.accuracy_a, m.metrics.accuracy_b, m.metrics.best_variant]).toEqual([1 / 6, 4 / 6, 1]);
  expect(m.metrics.grade_pass_rate_best).toBeCloseTo(5 / 6, 12);
  expect(m.metrics.grade_pass_rate_max).toBeCloseTo(5 / 6, 12);
  expect(m.groups?.a).toMatchObject({ grade_pass_rate: 4 / 6, accuracy: 1 / 6 });
  expect(m.charts?.find((c) => c.id === 'grades')).toMatchObject({ type: 'bars', series: [{ name: 'a' }, { name: 'b' }] });
  // 5 replies of a (row 5 has none) and 6 of b; each rubric filled with the row's input, reply and expected value.
  expect(chats()).toHaveLength(11);
  expect(chats()[0].body.messages).toEqual([
    {
      role: 'user',
      content: expect.stringContaining('<input>great food</input>\n<reply>Positive.</reply>\n<expected>positive</expected>\nAnswer PASS or FAIL.'),
    },
  ]);
});

it('a second evaluation asks nothing again (response cache); an answer neither PASS nor FAIL is unclear', async () => {
  const before = chats().length;
  await evaluate({});
  expect(chats().length).toBe(before);
  const m = await evaluate({ gradeRubric: 'Is "{{reply}}" right? Answer PASS or FAIL.' });
  expect([m.metrics.grade_pass_rate_a, m.metrics.grade_unclear_a, m.metrics.grade_unclear_b]).toEqual([0, 5, 6]);
});

it('the Validate gate reads the grade like any figure', async () => {
  const metrics = await evaluate({});
  const gate = async (threshold: number) =>
    (
      (
        await validateGoalsRunner.run(
          createFakeContext(ctx.data, { nodeId: 'gate' }),
          { metrics, model: undefined },
          { rules: [{ metric: 'other', metricName: 'grade_pass_rate_best', scope: 'overall', className: '', comparison: 'at-least', threshold }] },
        )
      ).report as ReportValue
    ).gate!;
  expect((await gate(0.8)).passed).toBe(true);
  const blocked = await gate(0.9);
  expect([blocked.passed, blocked.rules[0].measured]).toEqual([false, expect.closeTo(5 / 6, 12)]);
});

it('an unknown rubric placeholder is refused before any request', async () => {
  const before = chats().length;
  await expect(evaluate({ gradeRubric: '{{answer}} PASS or FAIL' })).rejects.toThrow(
    'the Rubric uses {{answer}}; a rubric may use {{reply}}, {{expected}} and {{input}}',
  );
  await expect(evaluate({ gradeInput: '' })).rejects.toThrow('the Rubric uses {{input}} but "Input column" is not set; columns: text, label');
  expect(chats().length).toBe(before);
});

it('grading is off with an empty grader URL, and its host is held to the same trust as the Prompt node', async () => {
  const before = chats().length;
  const m = await evaluate({ gradeBaseUrl: '' });
  expect(m.metrics.grade_pass_rate_a).toBeUndefined();
  expect(chats().length).toBe(before);
  const doc = (gradeBaseUrl: string): PipelineDocument =>
    ({
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'p',
      name: 'p',
      nodes: [
        { id: 'import', type: 'import-dataset', typeVersion: 1, label: 'yelp replies', params: { path: 'a.csv' }, position: { x: 0, y: 0 } },
        { id: 'evaluate', type: 'evaluate', typeVersion: 1, params: { gradeBaseUrl }, position: { x: 1, y: 0 } },
      ],
      edges: [{ id: 'e', source: { node: 'import', port: 'table' }, target: { node: 'evaluate', port: 'scored' } }],
    }) as PipelineDocument;
  const refused = (url: string, allowed: string[] = []) => findRefusedHosts(doc(url), nodeDefs, ['import', 'evaluate'], allowed).map((r) => r.host);
  expect(refused('')).toEqual([]);
  expect(refused('http://127.0.0.1:9/v1')).toEqual([]);
  expect(refused('https://grader.example.com/v1')).toEqual(['grader.example.com']);
  expect(refused('https://grader.example.com/v1', ['grader.example.com'])).toEqual([]);
});

it('the grader key goes in the request header only: no cached reply or other workspace file holds it', async () => {
  const key = 'sk-standin-grader-key-0123456789abcdef';
  const keyed = await startStandIn({ apiKey: key });
  try {
    const c = createFakeContext(ctx.data, { nodeId: 'keyed', secrets: { GRADER_KEY: key } });
    const params = { expected: 'label', check: 'exact', gradeBaseUrl: keyed.baseURL, gradeProvider: 'compatible', gradeModel: 'stand-in-large' };
    const out = await evaluateRunner.run(
      c,
      { scored: await ctx.data.describe('replies'), compare: undefined },
      { ...params, gradeApiKey: 'GRADER_KEY', gradeInput: 'text' },
    );
    expect((out.metrics as MetricsValue).metrics.grade_pass_rate_b).toBeCloseTo(5 / 6, 12);
    expect(keyed.requests.every((r) => r.authorization === `Bearer ${key}`)).toBe(true);
    const written = filesUnder(c.workspaceDir);
    expect(written.length).toBe(11);
    for (const f of written) expect(f.text).not.toContain(key.slice(0, 20));
    expect(JSON.stringify([c.logs, c.progressCalls, out])).not.toContain(key.slice(0, 20));
  } finally {
    await keyed.close();
  }
});
