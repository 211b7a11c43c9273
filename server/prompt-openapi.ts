/** The OpenAPI 3.1 document of a prompt server: the template's placeholders are the row's inputs. */
import { promptInputSchema, promptOutputSchema } from '../engine/models/package/prompt-package.js';
import { SECURITY, SECURITY_SCHEMES } from './openapi-routes.js';
import type { ServedPrompt } from './prompt-served.js';

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, ...rest } = schema;
  return rest;
}

export function promptOpenApi(served: ServedPrompt, options: { apiKey?: boolean } = {}): Record<string, unknown> {
  const p = served.prompt;
  const mode = p.outputMode === 'label' ? `one of ${(p.labels ?? []).join(', ')}` : p.outputMode === 'json' ? 'JSON matching the package schema' : 'free text';
  const open = { security: [] };
  const bool = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'boolean' } } });
  return {
    openapi: '3.1.0',
    info: {
      title: `${served.name} prompt server`,
      version: served.version,
      description: `Sends each row through prompt variant "${p.variant}" to ${p.model} and answers ${mode}. Inputs: the template's placeholders ${p.placeholders.map((n) => `{{${n}}}`).join(', ')}.`,
    },
    ...(options.apiKey ? { security: SECURITY } : {}),
    paths: {
      '/predict': {
        post: {
          operationId: 'predict',
          summary: 'Render each row into the prompt, call the model, parse the reply',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: { $ref: '#/components/schemas/Row' } } } },
              },
              'text/csv': { schema: { type: 'string', description: `A header line naming the columns ${p.placeholders.join(', ')}, then one line per row.` } },
            },
          },
          responses: {
            '200': {
              description: 'One answer per row, in order',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['model', 'version', 'request_id', 'predictions'],
                    properties: {
                      model: { type: 'string' },
                      version: { type: 'string' },
                      request_id: { type: 'string' },
                      predictions: { type: 'array', items: { $ref: '#/components/schemas/Answer' } },
                    },
                  },
                },
              },
            },
            '400': { description: 'Bad request: one message per wrong field' },
            '401': { description: 'The API key is missing or wrong' },
            '502': { description: "The model provider refused the serving machine's key" },
          },
        },
      },
      '/metrics': { get: { operationId: 'metrics', summary: 'Prometheus metrics', responses: { '200': { description: 'Prometheus text' } } } },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/v2/health/live': {
        get: {
          operationId: 'v2Live',
          summary: 'Liveness (no key needed)',
          ...open,
          responses: { '200': { description: 'live', content: { 'application/json': { schema: bool('live') } } } },
        },
      },
      '/v2/health/ready': {
        get: {
          operationId: 'v2Ready',
          summary: 'Readiness (no key needed)',
          ...open,
          responses: { '200': { description: 'ready', content: { 'application/json': { schema: bool('ready') } } } },
        },
      },
    },
    components: {
      ...(options.apiKey ? { securitySchemes: SECURITY_SCHEMES } : {}),
      schemas: { Row: strip(promptInputSchema(p)), Answer: strip(promptOutputSchema(p)) },
    },
  };
}
