/**
 * GET /docs: one self-contained HTML page (no script, no remote content) listing the routes, the
 * input columns and curl examples generated from the model's input schema. Its CSP allows nothing
 * but its own inline style, by hash, so the page cannot load or run anything.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { curlExamples } from './curl-examples.js';
import { columnDocs, servedRowSchema, type ColumnDoc } from './input-schema.js';
import type { ModelOf } from './model-slot.js';
import type { ServedModel } from './served-model.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}code{font-family:ui-monospace,monospace}`;

/** The page's Content-Security-Policy: only the inline style above, nothing else. */
export const DOCS_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ROUTES: [string, string][] = [
  ['POST /predict', 'JSON {"rows":[{...}]} or a text/csv body; one prediction per row'],
  ['GET /v2/health/live, /v2/health/ready', 'Open Inference Protocol v2 health (open without the key)'],
  ['GET /v2/models/{name}, /v2/models/{name}/ready', 'v2 model metadata and readiness'],
  ['POST /v2/models/{name}/infer', 'v2 inference: one named input per column'],
  ['POST /mcp', 'Model Context Protocol (streamable HTTP): the model as a tool'],
  ['GET /metrics', 'Prometheus text'],
  ['GET /openapi.json', 'OpenAPI 3.1 document'],
  ['GET /docs', 'this page'],
];

function columnRows(columns: readonly ColumnDoc[]): string {
  return columns
    .map(
      (c) =>
        `<tr><td><code>${esc(c.name)}</code></td><td>${c.type}</td><td>yes</td><td>${c.examples.map((e) => `<code>${esc(e)}</code>`).join(', ')}</td></tr>`,
    )
    .join('\n');
}

export function docsHtml(served: ServedModel, columns: readonly ColumnDoc[], base: string, apiKey: boolean): string {
  const what = served.task === 'classification' ? `classes ${served.labels.map((l) => `<code>${esc(l)}</code>`).join(', ')}` : 'a number';
  const examples = curlExamples(base, served.name, columns, { apiKey })
    .map((e) => `<h3>${esc(e.title)}</h3>\n<pre><code>${esc(e.command)}</code></pre>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(served.name)} model server</title><style>${STYLE}</style></head>
<body>
<h1>${esc(served.name)} <small>version ${esc(served.version)}</small></h1>
<p>Predicts <code>${esc(served.target)}</code> (${served.task}): ${what}.${apiKey ? ' Every route but the health checks needs the API key: <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>.' : ''}</p>
<h2>Routes</h2>
<table><tr><th>Route</th><th>What</th></tr>
${ROUTES.map(([r, w]) => `<tr><td><code>${esc(r)}</code></td><td>${esc(w)}</td></tr>`).join('\n')}
</table>
<h2>Input row</h2>
<p>Every row needs every column; a value may be null (missing). An unseen category is not an error.</p>
<table><tr><th>Column</th><th>Type</th><th>Nullable</th><th>Examples</th></tr>
${columnRows(columns)}
</table>
<h2>Examples</h2>
${examples}
</body></html>
`;
}

/** @example registerDocsPage(app, () => ({ served, scorer }), Boolean(options.apiKey)) */
export function registerDocsPage(app: FastifyInstance, modelOf: ModelOf, apiKey: boolean): void {
  // Read on the first request: a failure then answers that request, never an unhandled rejection.
  let columns: Promise<ColumnDoc[]> | undefined;
  app.get('/docs', async (request, reply) => {
    const { served } = modelOf(request);
    columns ??= servedRowSchema(served).then(columnDocs);
    const base = `${request.protocol}://${request.host}`;
    return reply
      .header('content-security-policy', DOCS_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(docsHtml(served, await columns, base, apiKey));
  });
}
