/**
 * POST /mcp: the model as one Model Context Protocol tool over streamable HTTP, stateless (a fresh
 * MCP server and transport per request, so nothing is kept between calls). The tool's input schema
 * is `{rows: [row]}` with the row schema of the package; its output is the predictions, checked
 * and scored exactly as POST /predict does. The app's API-key hook guards this route too.
 */
import type { FastifyInstance } from 'fastify';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema } from '../engine/models/package/index.js';
import { servedRowSchema } from './input-schema.js';
import type { ModelOf, Scoring } from './model-slot.js';
import type { ServedModel } from './served-model.js';
import { checkRows, rowsOfJson } from './validate-rows.js';

/** MCP tool names allow letters, digits, "_", "-" and "." (at most 128). */
export const mcpToolName = (served: ServedModel) => `predict_${served.name}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 128);

function toolOf(served: ServedModel, row: JsonSchema): Tool {
  const what = served.task === 'classification' ? `one of ${served.labels.map((l) => JSON.stringify(l)).join(', ')} with class probabilities` : 'a number';
  return {
    name: mcpToolName(served),
    title: `Predict ${served.target} with ${served.name} v${served.version}`,
    description: `Predicts "${served.target}" (${served.task}: ${what}) for each row of raw input. Every row needs every column; a value may be null.`,
    inputSchema: { type: 'object', properties: { rows: { type: 'array', minItems: 1, items: row } }, required: ['rows'] },
    outputSchema: {
      type: 'object',
      properties: { model: { type: 'string' }, version: { type: 'string' }, predictions: { type: 'array', items: { type: 'object' } } },
      required: ['model', 'version', 'predictions'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  };
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

function mcpServer(served: ServedModel, scorer: Scoring, tool: Tool, onRows: (n: number) => void): Server {
  const server = new Server({ name: `${served.name}-model-server`, version: served.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [tool] }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    if (request.params.name !== tool.name) return toolError(`no tool "${request.params.name}"; this server has "${tool.name}".`);
    const parsed = rowsOfJson(request.params.arguments ?? {});
    if ('errors' in parsed) return toolError(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    const checked = checkRows(served.inputs, parsed.rows, 'json');
    if ('errors' in checked) return toolError(checked.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    const predictions = await scorer.score(checked.columns, parsed.rows.length);
    onRows(predictions.length);
    const result = { model: served.name, version: served.version, predictions };
    return { structuredContent: result, content: [{ type: 'text', text: JSON.stringify(result) }] };
  });
  return server;
}

/** @example registerMcpRoute(app, () => ({ served, scorer }), (n) => metrics.rowsScored.inc(n)); */
export function registerMcpRoute(app: FastifyInstance, modelOf: ModelOf, onRows: (n: number) => void): void {
  let tool: Promise<Tool> | undefined;
  app.post('/mcp', async (request, reply) => {
    const { served, scorer } = modelOf(request);
    tool ??= servedRowSchema(served).then((row) => toolOf(served, row));
    const server = mcpServer(served, scorer, await tool, onRows);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  // Stateless: no server-initiated stream to open (GET) and no session to end (DELETE).
  const notAllowed = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; send POST /mcp.' }, id: null };
  app.get('/mcp', async (_request, reply) => reply.code(405).header('allow', 'POST').send(notAllowed));
  app.delete('/mcp', async (_request, reply) => reply.code(405).header('allow', 'POST').send(notAllowed));
}
