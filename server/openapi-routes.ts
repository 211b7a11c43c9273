/**
 * The OpenAPI 3.1 paths of every route besides POST /predict (the Open Inference Protocol v2,
 * /metrics, /docs, /mcp) and the API-key security schemes, so that /openapi.json describes the
 * whole server. The model's own v2 paths are literal (`/v2/models/adult`): this server has one model.
 */
import type { ServedModel } from './served-model.js';

type Doc = Record<string, unknown>;

const json = (schema: Doc, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });
const bool = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'boolean' } } });
const UNAUTHORIZED = { description: 'The API key is missing or wrong' };

const TENSOR = {
  type: 'object',
  required: ['name', 'shape', 'datatype', 'data'],
  properties: {
    name: { type: 'string' },
    shape: { type: 'array', items: { type: 'integer' } },
    datatype: { type: 'string', enum: ['BYTES', 'FP64'] },
    parameters: { type: 'object' },
    data: { type: 'array' },
  },
};

export function otherPaths(served: ServedModel): Doc {
  const model = `/v2/models/${served.name}`;
  const open = { security: [] };
  return {
    '/v2/health/live': { get: { operationId: 'v2Live', summary: 'Liveness (no key needed)', ...open, responses: { '200': json(bool('live')) } } },
    '/v2/health/ready': { get: { operationId: 'v2Ready', summary: 'Readiness (no key needed)', ...open, responses: { '200': json(bool('ready')) } } },
    [model]: { get: { operationId: 'v2ModelMetadata', summary: 'v2 model metadata', responses: { '200': json({ type: 'object' }), '401': UNAUTHORIZED } } },
    [`${model}/ready`]: { get: { operationId: 'v2ModelReady', summary: 'v2 model readiness', responses: { '200': json(bool('ready')), '401': UNAUTHORIZED } } },
    [`${model}/infer`]: {
      post: {
        operationId: 'v2Infer',
        summary: 'Open Inference Protocol v2 inference: one input per raw column, BYTES for text, FP64 for numbers',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['inputs'], properties: { id: { type: 'string' }, inputs: { type: 'array', items: TENSOR } } },
            },
          },
        },
        responses: {
          '200': json({
            type: 'object',
            properties: {
              model_name: { type: 'string' },
              model_version: { type: 'string' },
              id: { type: 'string' },
              outputs: { type: 'array', items: TENSOR },
            },
          }),
          '400': { description: 'Bad request: one message per wrong input' },
          '401': UNAUTHORIZED,
        },
      },
    },
    '/metrics': {
      get: { operationId: 'metrics', summary: 'Prometheus metrics', responses: { '200': text('text/plain', 'Prometheus text format'), '401': UNAUTHORIZED } },
    },
    '/docs': {
      get: { operationId: 'docs', summary: 'This API as an HTML page', responses: { '200': text('text/html', 'The docs page'), '401': UNAUTHORIZED } },
    },
    '/mcp': {
      post: {
        operationId: 'mcp',
        summary: 'Model Context Protocol over streamable HTTP (stateless): the model as a tool',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 message' } } } },
        responses: { '200': json({ type: 'object' }, 'A JSON-RPC 2.0 answer'), '401': UNAUTHORIZED },
      },
    },
  };
}

/** Either header carries the key; documented only when the server has one. */
export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
};
export const SECURITY = [{ bearer: [] }, { apiKeyHeader: [] }];
