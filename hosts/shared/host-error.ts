/**
 * The error a host handler raises for a request it refuses: a stable code the window may branch on,
 * a message that names the thing and how to fix it, and, for documents, the issues with JSON paths.
 */
import type { ValidationIssue } from '../../engine/engine-types.js';

export type HostErrorCode =
  | 'BAD_REQUEST'
  | 'DOCUMENT_INVALID'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'NOT_JSON'
  | 'PATH_REFUSED'
  | 'PATH_REQUIRED'
  | 'SECRET_IN_DOCUMENT'
  | 'RUN_NOT_FOUND'
  | 'DATASET_NOT_FOUND'
  | 'NOT_A_DIRECTORY'
  | 'SECRET_STORE_UNAVAILABLE'
  | 'SECRET_UNAVAILABLE'
  | 'VERSION_NOT_KEPT';

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** The wire form of any error: what both transports send to the window. */
export interface WireStudioError {
  code: string;
  message: string;
  issues?: ValidationIssue[];
}

/** Turns anything thrown by a handler into its wire form, keeping codes from engine errors too. */
export function toWireStudioError(err: unknown): WireStudioError {
  if (err instanceof HostError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    const hint = (err as Error & { hint?: unknown }).hint;
    const message = typeof hint === 'string' && hint ? `${err.message} (${hint})` : err.message;
    // A refused run's issues keep their JSON paths for the window (the message names nodes by label).
    const details = (err as Error & { details?: unknown }).details;
    const issues = code === 'DOCUMENT_INVALID' && Array.isArray(details) ? { issues: details as ValidationIssue[] } : {};
    return { code: typeof code === 'string' ? code : 'INTERNAL', message, ...issues };
  }
  return { code: 'INTERNAL', message: String(err) };
}
