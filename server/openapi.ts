/** The OpenAPI 3.1 document of POST /predict, its row schema generated from the model's raw input columns. */
import { otherPaths, SECURITY, SECURITY_SCHEMES } from './openapi-routes.js';
import type { ServedModel } from './served-model.js';

export function rowSchema(served: ServedModel): Record<string, unknown> {
  const properties = Object.fromEntries(served.inputs.map((c) => [c.name, { type: [c.type === 'number' ? 'number' : 'string', 'null'] }]));
  return { type: 'object', required: served.inputs.map((c) => c.name), properties };
}

/** With `apiKey`, the document says that every route but the health checks needs the key. */
export function openApiDocument(served: ServedModel, options: { apiKey?: boolean } = {}): Record<string, unknown> {
  const prediction = {
    type: 'object',
    required: ['prediction'],
    properties: {
      prediction: served.task === 'classification' ? { type: 'string', enum: served.labels } : { type: 'number' },
      ...(served.task === 'classification'
        ? { probabilities: { type: 'object', properties: Object.fromEntries(served.labels.map((l) => [l, { type: 'number' }])) } }
        : {}),
    },
  };
  const errors = {
    description: 'Bad request: one message per wrong field',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
  };
  return {
    openapi: '3.1.0',
    info: { title: `${served.name} model server`, version: served.version, description: `Predicts "${served.target}" (${served.task}).` },
    ...(options.apiKey ? { security: SECURITY } : {}),
    paths: {
      ...otherPaths(served),
      '/predict': {
        post: {
          operationId: 'predict',
          summary: `Predict ${served.target} for rows of raw input`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: { $ref: '#/components/schemas/Row' } } } },
              },
              'text/csv': {
                schema: {
                  type: 'string',
                  description: `A header line naming the columns ${served.inputs.map((c) => c.name).join(', ')}, then one line per row.`,
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'One prediction per row, in order',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['model', 'version', 'request_id', 'predictions'],
                    properties: {
                      model: { type: 'string' },
                      version: { type: 'string' },
                      request_id: { type: 'string' },
                      predictions: { type: 'array', items: prediction },
                    },
                  },
                },
              },
            },
            '400': errors,
            '401': { description: 'The API key is missing or wrong' },
            '413': { description: 'The body is larger than the limit' },
            '415': { description: 'The body is neither JSON nor CSV' },
          },
        },
      },
    },
    components: {
      ...(options.apiKey ? { securitySchemes: SECURITY_SCHEMES } : {}),
      schemas: {
        Row: rowSchema(served),
        Errors: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
