/**
 * The engine library's public surface for hosts (CLI, Electron main, browser-mode server) and for
 * tests. The renderer must not import this file (it pulls in DuckDB); it imports types and the
 * DOM-free modules directly: node-def, graph/connection-rules, graph/param-validation.
 */
export { createEngine, type CreateEngineOptions, type Engine, type EngineRunOptions } from './engine.js';
export { EngineError, errorMessage, errorTemplates, type ErrorCode } from './errors.js';

export { parsePipeline, formatIssue, describeZodIssue, type ParseResult } from './document/parse.js';
export { serializePipeline } from './document/serialize.js';
export { migrateDocument, documentMigrations, type DocumentMigration } from './document/migrations.js';
export { upgradeNodeParams, relativizePaths, resolveParamPath, toStoredPath, nodeFilePaths } from './document/node-params.js';
export {
  pipelineSchema,
  PIPELINE_FORMAT,
  CURRENT_SCHEMA_VERSION,
  type PipelineDocument,
  type PipelineNode,
  type PipelineEdge,
  type PipelineNote,
  type PortRef,
} from './document/schema.js';

export { checkPipeline } from './graph/check-pipeline.js';
export { validateGraph, canRun } from './graph/validate-graph.js';
export { checkConnection, findDef, type NodeCatalog } from './graph/connection-rules.js';
export { parseParams, validateParams, withDefaults } from './graph/param-validation.js';
export { topologicalLayers, targetNodes, findCycles, closure } from './graph/graph-walk.js';

export { CACHE_FORMAT_VERSION, KEYS_PER_NODE, tableNameFor } from './cache/cache-store.js';
export { fileFingerprint, canonicalJson } from './cache/fingerprint.js';
export { newRunId, isRunId } from './runs/run-store.js';
export { writeFileAtomic } from './fs/atomic-write.js';
export { summarizeValue } from './engine-summaries.js';
export { openDataPlane, ident, literal, type DataPlane } from './data/data-plane.js';

export * from './node-def.js';
export { defineRunner, NodeError, ParamsInvalidError, type NodeImpl, type RunContext, type LogLevel, type ProgressDetail } from './node-run.js';
export type * from './values.js';
export type * from './events.js';
export type * from './engine-types.js';
export type * from './contract.js';
