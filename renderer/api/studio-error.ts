/**
 * The one error type the window sees from a host, whichever transport carried it: a stable code
 * to branch on (DOCUMENT_INVALID, SECRET_IN_DOCUMENT, PATH_REFUSED, ENGINE_CRASHED, DISCONNECTED, ...),
 * the message to show, and for documents the issues with their JSON paths.
 */
import type { ValidationIssue } from '../../engine/engine-types.js';

export class StudioError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

/**
 * The Electron bridge can carry only an error's message, so the preload writes `[CODE] message`
 * and this reads it back. Anything else becomes code INTERNAL.
 */
export function fromBridgeError(err: unknown): StudioError {
  if (err instanceof StudioError) return err;
  const text = err instanceof Error ? err.message : String(err);
  // Electron prefixes "Error invoking remote method '...': " on errors that escape a handler.
  const match = /\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/.exec(text);
  return match ? new StudioError(match[1], match[2]) : new StudioError('INTERNAL', text);
}
