/**
 * The part of papaparse the window uses (parsing a string). `@types/papaparse` references the
 * Node types for its stream API, which would give the whole renderer `process` and `Buffer`;
 * renderer/tsconfig.json maps the module here instead, so Node globals stay a type error.
 */
declare module 'papaparse' {
  export interface ParseError {
    type: string;
    code: string;
    message: string;
    row?: number;
  }
  export interface ParseResult<T> {
    data: T[];
    errors: ParseError[];
    meta: { delimiter: string; linebreak: string; aborted: boolean; truncated: boolean; cursor: number; fields?: string[] };
  }
  export interface ParseConfig {
    delimiter?: string;
    header?: boolean;
    preview?: number;
    skipEmptyLines?: boolean | 'greedy';
  }
  export function parse<T>(input: string, config?: ParseConfig): ParseResult<T>;
  const Papa: { parse: typeof parse };
  export default Papa;
}
