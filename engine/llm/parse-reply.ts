/**
 * Turning a reply into the node's answer: free text as is, one label from a list (normalised and
 * matched), or JSON validated against a JSON Schema with ajv. An answer that does not fit is marked
 * invalid and its raw reply kept; no row is ever dropped.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { NodeError } from '../node-run.js';

export interface Parsed {
  value: string | null;
  valid: boolean;
  /** Why the reply was not valid, in plain words. */
  problem?: string;
}

export type ReplyParser = (reply: string) => Parsed;

/** Lower case, trimmed, without surrounding punctuation or quotes: "Positive." and "positive" match. */
export function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[\s"'`*.,:;!?()[\]-]+|[\s"'`*.,:;!?()[\]-]+$/g, '');
}

export function labelParser(labels: readonly string[]): ReplyParser {
  const byNorm = new Map(labels.map((l) => [normalise(l), l]));
  return (reply) => {
    const hit = byNorm.get(normalise(reply));
    return hit !== undefined ? { value: hit, valid: true } : { value: null, valid: false, problem: `not one of ${labels.join(', ')}` };
  };
}

/** Compiles the schema once; an unreadable schema stops the node before any request. */
export function jsonParser(schemaText: string): { parse: ReplyParser; schema: Record<string, unknown> } {
  let schema: Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    schema = JSON.parse(schemaText) as Record<string, unknown>;
    validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  } catch (err) {
    throw new NodeError(
      'PROMPT_SCHEMA_INVALID',
      `the JSON Schema param cannot be used: ${(err as Error).message}`,
      'Fix the schema text (it must be JSON and a valid JSON Schema).',
    );
  }
  const parse: ReplyParser = (reply) => {
    let value: unknown;
    try {
      value = JSON.parse(reply.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
    } catch {
      return { value: null, valid: false, problem: 'the reply is not JSON' };
    }
    if (!validate(value)) {
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      return { value: JSON.stringify(value), valid: false, problem: `does not match the schema: ${why}` };
    }
    return { value: JSON.stringify(value), valid: true };
  };
  return { parse, schema };
}

export const textParser: ReplyParser = (reply) => ({ value: reply, valid: true });
