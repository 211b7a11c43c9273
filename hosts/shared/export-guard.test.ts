import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { ParamKind } from '../../engine/node-def.js';
import { describeSecretFindings, findSecretLikeValues, looksLikeRandomToken, redactSecretLikeValues } from './export-guard.js';

const doc = (params: Record<string, unknown>, extra: Partial<PipelineDocument['nodes'][number]> = {}): PipelineDocument => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p1',
  name: 'Guarded',
  nodes: [
    { id: 'csv', type: 'import-csv', typeVersion: 1, params: { path: 'data/iris.csv' }, position: { x: 0, y: 0 } },
    { id: 'llm', type: 'prompt-llm', typeVersion: 1, label: 'Ask the model', params, position: { x: 200, y: 0 }, ...extra },
  ],
  edges: [],
});

const kinds: Record<string, ParamKind> = { apiKey: 'secret', prompt: 'text', model: 'select', path: 'file' };
const kindOf = (_type: string, param: string) => kinds[param];

describe('findSecretLikeValues', () => {
  it('refuses an OpenAI-style key in a text param and names the node and param', () => {
    const findings = findSecretLikeValues(doc({ prompt: 'Use key sk-abcdefghijklmnopqrstuvwx12 to answer', apiKey: 'OPENAI_API_KEY' }), kindOf);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeId: 'llm', nodeName: 'Ask the model', param: 'prompt', path: 'nodes[1].params.prompt' });
    const message = describeSecretFindings(findings);
    expect(message).toContain('node "Ask the model", param "prompt"');
    expect(message).toContain('OPENAI_API_KEY');
  });

  it('refuses a key value stored in a secret param instead of its name', () => {
    const findings = findSecretLikeValues(doc({ apiKey: 'correct horse battery staple' }), kindOf);
    expect(findings.map((f) => f.param)).toEqual(['apiKey']);
    expect(findings[0].reason).toMatch(/NAME of a secret/);
  });

  it('catches a random token inside records rows, with the row in the param path', () => {
    // 40 chars of mixed case and digits: what a generic bearer token looks like.
    const token = 'Zx9Qw2Lm7Rt4Yp1Kd8Vn3Bc6Hs0Jf5Ga2We7Tu9I';
    const findings = findSecretLikeValues(doc({ headers: [{ name: 'Authorization', value: `Bearer ${token}` }] }), () => undefined);
    expect(findings.map((f) => f.param)).toEqual(['headers[0].value']);
  });

  it('lets ordinary params through: names, paths, SQL, long words, hashes of one case', () => {
    const clean = doc({
      apiKey: 'OPENAI_API_KEY',
      prompt: 'Summarise the churn drivers in three bullet points for the quarterly review',
      sql: 'SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id',
      path: '../shared/data/adult-train.csv',
      model: 'gpt-4o-mini',
      word: 'pneumonoultramicroscopicsilicovolcanoconiosis',
    });
    expect(findSecretLikeValues(clean, kindOf)).toEqual([]);
  });

  it('looksLikeRandomToken separates tokens from identifiers', () => {
    expect(looksLikeRandomToken('a3F9kLm2Qx7Zp4Rt8Wv1Yb6Nc5Hd0Js2Ke')).toBe(true);
    expect(looksLikeRandomToken('customer_lifetime_value_2024_quarterly_total')).toBe(false);
  });
});

describe('redactSecretLikeValues', () => {
  it('replaces the keys inside values, empties a secret param holding a value, and leaves the rest', () => {
    const token = 'Zx9Qw2Lm7Rt4Yp1Kd8Vn3Bc6Hs0Jf5Ga2We7Tu9I';
    const input = doc({
      apiKey: 'sk-abcdefghijklmnopqrstuvwx12',
      prompt: 'Summarise',
      headers: [
        { name: 'Authorization', value: `Bearer ${token}` },
        { name: 'Accept', value: 'text/csv' },
      ],
    });
    const out = redactSecretLikeValues(input, kindOf);
    expect(out.nodes[1].params).toEqual({
      apiKey: '',
      prompt: 'Summarise',
      headers: [
        { name: 'Authorization', value: expect.stringMatching(/^Bearer \[redacted token #[0-9a-f]{8}\]$/) },
        { name: 'Accept', value: 'text/csv' },
      ],
    });
    expect(JSON.stringify(out)).not.toContain(token);
    expect(out.nodes[0]).toEqual(input.nodes[0]);
    // The input is not touched, and a clean document comes back as is.
    expect(input.nodes[1].params.apiKey).toBe('sk-abcdefghijklmnopqrstuvwx12');
    const clean = doc({ apiKey: 'OPENAI_API_KEY' });
    expect(redactSecretLikeValues(clean, kindOf)).toBe(clean);
  });
});
