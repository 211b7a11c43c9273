/**
 * curl commands generated from a model's input schema: one per route a caller uses. The docs page
 * and the bundle's README show the same commands.
 */
import { exampleRow, type ColumnDoc } from './input-schema.js';

export interface CurlExample {
  title: string;
  command: string;
}

/** Quotes for a POSIX shell: single quotes, an inner single quote closed, escaped and reopened. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * @example curlExamples('http://127.0.0.1:8080', 'adult', columns, { apiKey: true })
 */
export function curlExamples(base: string, model: string, columns: readonly ColumnDoc[], options: { apiKey?: boolean } = {}): CurlExample[] {
  const row = exampleRow(columns);
  const auth = options.apiKey ? ' -H "Authorization: Bearer $API_KEY"' : '';
  const csv = [columns.map((c) => csvCell(c.name)).join(','), columns.map((c) => csvCell(row[c.name])).join(',')].join('\n');
  const v2 = {
    inputs: columns.map((c) => ({ name: c.name, shape: [1], datatype: c.type === 'number' ? 'FP64' : 'BYTES', data: [row[c.name]] })),
  };
  return [
    {
      title: 'Predict from JSON rows',
      command: `curl -s${auth} -H 'content-type: application/json' -d ${sh(JSON.stringify({ rows: [row] }))} ${base}/predict`,
    },
    {
      title: 'Predict from a CSV body (header line first)',
      command: `curl -s${auth} -H 'content-type: text/csv' --data-binary ${sh(`${csv}\n`)} ${base}/predict`,
    },
    {
      title: 'Open Inference Protocol v2 infer',
      command: `curl -s${auth} -H 'content-type: application/json' -d ${sh(JSON.stringify(v2))} ${base}/v2/models/${model}/infer`,
    },
    { title: 'Readiness (no key needed)', command: `curl -s ${base}/v2/health/ready` },
    { title: 'Prometheus metrics', command: `curl -s${auth} ${base}/metrics` },
    { title: 'OpenAPI 3.1 document', command: `curl -s${auth} ${base}/openapi.json` },
  ];
}
