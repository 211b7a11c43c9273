/**
 * The catalogue of issue and failure codes the engine reports, each with a short plain-words
 * template (the idea of xyflow's `errorMessages` constants). Codes are stable: the window and the
 * CLI may branch on them; messages may be reworded. This file has no imports so any layer,
 * including the renderer bundle, can read it.
 */

export const errorTemplates = {
  // The document as a whole.
  DOCUMENT_INVALID: (detail: string) => detail,
  DOCUMENT_NOT_OBJECT: (got: string) => `expected a pipeline document (a JSON object), got ${got}`,
  DOCUMENT_FORMAT: (got: string) => `expected "format": "lifecycle-studio.pipeline", got ${got}; is this a Lifecycle Studio pipeline file?`,
  SCHEMA_VERSION_MISSING: () => 'expected a "schemaVersion" number; the file does not say which version of the format it uses',
  SCHEMA_VERSION_NEWER: (found: number, supported: number) =>
    `schemaVersion ${found} is newer than this app understands (up to ${supported}); update Lifecycle Studio to open it`,
  DOCUMENT_MIGRATED: (from: number, to: number) => `upgraded from schemaVersion ${from} to ${to}; save the file to keep the new format`,
  DOCUMENT_TOO_LARGE: (what: string, limit: string, fix: string) => `${what}; the limit is ${limit} (see "Limits" in the README): ${fix}`,
  PARAMS_MIGRATED: (type: string, from: number, to: number) => `params of "${type}" upgraded from typeVersion ${from} to ${to}`,
  // Graph checks.
  UNKNOWN_NODE_TYPE: (type: string, suggestions: string[]) =>
    `unknown node type "${type}"` + (suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''),
  NODE_TYPE_VERSION_NEWER: (type: string, found: number, supported: number) =>
    `"${type}" was saved by typeVersion ${found}, newer than this app knows (${supported}); update Lifecycle Studio`,
  DUPLICATE_NODE_ID: (id: string) => `node id "${id}" is used more than once; every node needs its own id`,
  RESERVED_ID: (id: string) => `node id "${id}" is a reserved word (a built-in property of JavaScript objects); rename the node`,
  DUPLICATE_EDGE_ID: (id: string) => `edge id "${id}" is used more than once; every edge needs its own id`,
  EDGE_UNKNOWN_NODE: (end: 'source' | 'target', node: string) => `the edge's ${end} node "${node}" does not exist`,
  EDGE_UNKNOWN_PORT: (end: 'source' | 'target', node: string, port: string, known: string[]) =>
    `node "${node}" has no ${end === 'source' ? 'output' : 'input'} port "${port}"` +
    (known.length ? ` (it has ${known.map((k) => `"${k}"`).join(', ')})` : ` (it has no ${end === 'source' ? 'outputs' : 'inputs'})`),
  MISSING_REQUIRED_INPUT: (node: string, port: string, kind: string) => `node "${node}" needs its input "${port}" (a ${kind}) connected`,
  INPUT_ALREADY_CONNECTED: (node: string, port: string, count: number) =>
    `input "${port}" of node "${node}" has ${count} edges into it; an input takes exactly one, remove the extra ones`,
  PORT_KIND_MISMATCH: (sourceKind: string, targetKind: string) => `a ${sourceKind} output cannot feed a ${targetKind} input`,
  SELF_LOOP: (node: string) => `node "${node}" is connected to itself`,
  CYCLE: (nodes: string[]) => `these nodes form a cycle: ${[...nodes, nodes[0]].map((n) => `"${n}"`).join(' -> ')}; remove one of the edges`,
  // Params.
  PARAM_INVALID: (detail: string) => detail,
  UNKNOWN_PARAM: (name: string, type: string) => `"${name}" is not a param of "${type}" and is ignored`,
  PARAMS_NOT_OBJECT: () => 'expected params to be an object of name -> value',
  PARAM_RULE: (detail: string) => detail,
  // Running.
  RUN_TARGET_UNKNOWN: (node: string) => `the run target "${node}" is not a node of this pipeline`,
  NODE_FAILED: (detail: string) => detail,
  NODE_CANCELLED: () => 'cancelled by the user',
  NODE_OUTPUT_MISSING: (port: string) => `the node finished without producing its output "${port}"`,
  NODE_OUTPUT_KIND: (port: string, expected: string, got: string) => `output "${port}" should be a ${expected} but the node returned ${got}`,
  UPSTREAM_FAILED: (node: string) => `upstream node "${node}" did not finish`,
  GATE_FAILED: (node: string, rules: readonly string[] = []) =>
    `the business-goal gate "${node}" did not pass${rules.length ? ` (failed: ${rules.join('; ')})` : ''}`,
  RUN_CANCELLED: () => 'the run was cancelled',
  RUN_ID_INVALID: (runId: string) => `"${runId}" is not a run id (expected run-YYYYMMDD-HHMMSS-mmm-xxxx)`,
  RUN_NOT_FOUND: (runId: string) => `no run "${runId}" in this workspace`,
  TABLE_NOT_FOUND: (table: string) => `no table "${table}" in the workspace database; it may have been evicted from the cache`,
  ENGINE_CLOSED: () => 'the engine is closed; start a new one',
  ENGINE_FAULT: (detail: string) => `the engine failed while handling this node: ${detail}`,
  // The trust boundary of a pipeline file (engine/security).
  PATH_OUTSIDE_ROOTS: (node: string, param: string, path: string, output: boolean) =>
    `node "${node}", param "${param}": ${output ? 'writes' : 'reads'} ${path}, which is outside the folders this pipeline may use`,
  HOST_NOT_ALLOWED: (node: string, param: string, host: string) =>
    `node "${node}", param "${param}": binds ${host}, an address other than this machine (loopback), which this pipeline may not open by itself`,
  HOST_NOT_ALLOWED_OUTBOUND: (node: string, param: string, rowsOf: string, host: string) =>
    `node "${node}", param "${param}": this pipeline sends rows of ${rowsOf} to ${host}, a host other than this machine that it may not use by itself`,
  DISK_FULL: (workspace: string, free: string, held: string) =>
    `the disk holding the workspace ${workspace} ran out of space (${free} now); the workspace itself holds ${held}`,
  // Portable values (engine/artifacts): what crosses a machine boundary.
  ARTIFACT_STORE_UNSUPPORTED: (uri: string, scheme: string) =>
    `the artifact store "${uri}" uses ${scheme}, which this build cannot reach from here; use a folder (a path or file:///...)`,
  PORTABLE_VALUE_INVALID: (dir: string, detail: string) => `the portable value in ${dir} cannot be read: ${detail}`,
  // Automations (hosts/shared/automations): a trigger that cannot start.
  TRIGGER_INVALID: (trigger: string, field: string, detail: string) => `trigger "${trigger}": ${field}: ${detail}`,
} as const;

export type ErrorCode = keyof typeof errorTemplates;

/**
 * Formats the message of a code with its template.
 *
 * @example
 * errorMessage('CYCLE', ['a', 'b']) // 'these nodes form a cycle: "a" -> "b" -> "a"; remove one of the edges'
 */
export function errorMessage<C extends ErrorCode>(code: C, ...args: Parameters<(typeof errorTemplates)[C]>): string {
  const template = errorTemplates[code] as (...a: unknown[]) => string;
  return template(...args);
}

/** An engine-level error (not a node's own failure) carrying a catalogue code and a fix hint. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
