/**
 * The `promptPlayground` request: one row of a node's input through the node's own code, outside a
 * run (the Prompt node's playground in the inspector). Types only and no imports, so the window loads them
 * (a refusal is shaped as security/run-hosts.ts's HostRefusal, which imports node:net).
 */

export interface PlaygroundVariant {
  name: string;
  system: string;
  template: string;
}

export interface PlaygroundRequest {
  /** 0-based row of the node's input table, in the order the node reads it. */
  row: number;
  /** The variant as edited in the playground (or as the node holds it). */
  variant: PlaygroundVariant;
  /** False: render only, nothing leaves the machine. */
  send: boolean;
  /** Ask again even when the response cache holds the reply. */
  refresh?: boolean;
}

export interface PlaygroundMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The node's answer for the row, as its output columns would hold it. */
export interface PlaygroundReply {
  raw: string | null;
  value: string | null;
  valid: boolean;
  /** Why it is not valid, or the row's request failure, in plain words. */
  error: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  latencyMs: number | null;
  cost: number | null;
  cached: boolean;
}

export interface PlaygroundProblem {
  code: string;
  message: string;
  hint?: string;
  /** HOST_NOT_ALLOWED: the hosts to allow. */
  refusals?: { nodeId: string; param: string; host: string; rowsOf?: string }[];
  /** INPUT_NOT_READY: the node above to run first. */
  runFirst?: { nodeId: string; label: string };
}

export interface PlaygroundAnswer {
  /** Rows in the input table (0 when it could not be read). */
  rowCount: number;
  /** The row actually shown (the request's, clamped into the table). */
  rowIndex: number;
  columns: string[];
  row?: Record<string, unknown>;
  /** Exactly the messages the node sends for this row and variant. */
  messages?: PlaygroundMessage[];
  /** The model, as the node would ask it. */
  model?: string;
  reply?: PlaygroundReply;
  problem?: PlaygroundProblem;
}

/** What the host hands the engine with a playground request (as for a run). */
export interface PlaygroundOptions {
  documentPath?: string;
  allowedRoots?: string[];
  /** Undefined: trusted embedding, no host check (as RunOptions.allowedHosts). */
  allowedHosts?: string[];
  secrets?: Record<string, string>;
}
