/**
 * Prompt templates: `{{column}}` placeholders filled from a row. An unknown placeholder is refused
 * before any request, naming the table's columns, so no row is paid for with a broken prompt.
 */
import { NodeError } from '../node-run.js';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The column names a template refers to, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Throws when a template names a column the table lacks. */
export function assertPlaceholders(variant: string, template: string, columns: readonly string[], tableName: string): void {
  const unknown = placeholders(template).filter((p) => !columns.includes(p));
  if (unknown.length === 0) return;
  throw new NodeError(
    'PROMPT_PLACEHOLDER_UNKNOWN',
    `variant "${variant}": the template uses ${unknown.map((u) => `{{${u}}}`).join(', ')}, but the ${tableName} has no such column; its columns are: ${columns.join(', ')}`,
    'Rename the placeholder to one of the columns listed (names are case-sensitive).',
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function render(template: string, row: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => cell(row[name]));
}

/** System prompt, then each example as a user turn and its answer, then the row. */
export function buildMessages(
  variant: { system: string; template: string },
  row: Record<string, unknown>,
  examples: readonly Record<string, unknown>[],
  answerColumn: string,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (variant.system.trim()) messages.push({ role: 'system', content: render(variant.system, row) });
  for (const ex of examples) {
    messages.push({ role: 'user', content: render(variant.template, ex) });
    messages.push({ role: 'assistant', content: cell(ex[answerColumn]) });
  }
  messages.push({ role: 'user', content: render(variant.template, row) });
  return messages;
}
