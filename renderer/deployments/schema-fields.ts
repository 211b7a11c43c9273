/**
 * The "try it" form's fields, read from a service's input row schema (the package manifest's
 * inputSchema, or the Row of its /openapi.json): one field per column, a number input for numbers,
 * text with the package's category examples offered as suggestions; and the row a filled form sends.
 */

export interface TryField {
  name: string;
  kind: 'number' | 'text';
  /** Category values the package recorded (offered, not enforced: the server says what it refuses). */
  suggestions: string[];
}

interface PropertySchema {
  type?: string | string[];
  examples?: unknown[];
  enum?: unknown[];
}

/** One field per property of the row schema, in the schema's order. */
export function fieldsOf(schema: Record<string, unknown>): TryField[] {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  return Object.entries(properties).map(([name, p]) => {
    const types = Array.isArray(p.type) ? p.type : [p.type];
    const kind = types.includes('number') || types.includes('integer') ? 'number' : 'text';
    const values = [...(p.enum ?? []), ...(p.examples ?? [])].filter((v) => v !== null && v !== undefined).map(String);
    return { name, kind, suggestions: [...new Set(values)] };
  });
}

/** The form's first values: each column's first suggestion, else empty. */
export function initialValues(fields: readonly TryField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === 'number' ? '' : (f.suggestions[0] ?? '')]));
}

/** The row to send: numbers as numbers, an empty field as null (a missing value, which the model imputes). */
export function rowOf(fields: readonly TryField[], values: Record<string, string>): Record<string, number | string | null> {
  return Object.fromEntries(
    fields.map((f) => {
      const raw = (values[f.name] ?? '').trim();
      if (raw === '') return [f.name, null];
      return [f.name, f.kind === 'number' ? Number(raw) : raw];
    }),
  );
}
