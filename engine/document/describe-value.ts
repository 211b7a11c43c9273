/**
 * Short, readable renderings of JSON paths and of offending values for error messages
 * (`nodes[3].params.ratio`, `got "0,8"`). No imports, so the renderer can share it.
 */

/** Formats a path like zod's `['nodes', 3, 'params', 'ratio']` as `nodes[3].params.ratio`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(document)';
}

/** Describes a value the way an error message quotes it: strings quoted, long ones cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const cut = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** "a number", "an object": the plain-words name of a JSON type. */
export function typeWords(type: string): string {
  const words: Record<string, string> = {
    string: 'a text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
    record: 'an object',
    null: 'null',
  };
  return words[type] ?? `a ${type}`;
}
