/**
 * DuckDB's value conversions re-done in JS for the cells of a request (`row-steps.ts`), each one
 * exact or refusing: where DuckDB's rule is wider than what is re-implemented here (a number
 * written ' 3', '1_000' or '0x10', a double that prints in exponent form, text with non-ASCII
 * letters to lower-case), the function returns `UNSURE` and the caller scores that request through
 * the SQL replay instead. Every rule here was checked against DuckDB (`row-steps.test.ts`).
 */

export type Cell = number | string | null;

/** The answer when this module cannot promise DuckDB's result. */
export const UNSURE = Symbol('unsure');
export type Maybe<T> = T | typeof UNSURE;

/** The column types the JS replay follows; a recipe that makes any other type is replayed in SQL. */
export type RowType = 'DOUBLE' | 'VARCHAR' | IntType;
export type IntType = 'TINYINT' | 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'UTINYINT' | 'USMALLINT' | 'UINTEGER';

const INT_RANGES: Record<IntType, [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INTEGER: [-2147483648n, 2147483647n],
  BIGINT: [-9223372036854775808n, 9223372036854775807n],
  UTINYINT: [0n, 255n],
  USMALLINT: [0n, 65535n],
  UINTEGER: [0n, 4294967295n],
};

export function isIntType(type: string): type is IntType {
  return Object.hasOwn(INT_RANGES, type);
}

/** Plain decimal notation, the part of DuckDB's number syntax that JS `Number` reads identically (both round correctly). */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PLAIN_INTEGER = /^[+-]?\d+$/;
/** Text DuckDB cannot read as a number whatever its syntax: no digit, and not inf/nan. */
const surelyNotNumber = (s: string) => !/\d/.test(s) && !/inf|nan/i.test(s);

/**
 * `TRY_CAST(s AS DOUBLE)` (`strict`: `CAST`, which fails the statement on bad text; then bad text
 * is UNSURE so the SQL path reports it as the SQL path does).
 */
export function textToDouble(s: string, strict: boolean): Maybe<number | null> {
  if (PLAIN_NUMBER.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : UNSURE;
  }
  return !strict && surelyNotNumber(s) ? null : UNSURE;
}

/** `TRY_CAST(s AS <int type>)`: digits only here; DuckDB also reads '3.7', ' 3', '1e3', '0x10'. */
export function textToInt(s: string, type: IntType): Maybe<number | null> {
  if (PLAIN_INTEGER.test(s)) return inRange(BigInt(s), type);
  return surelyNotNumber(s) ? null : UNSURE;
}

function inRange(v: bigint, type: IntType): Maybe<number | null> {
  const [lo, hi] = INT_RANGES[type];
  if (v < lo || v > hi) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : UNSURE;
}

/** `TRY_CAST(v AS <int type>)` of a double: DuckDB rounds half to even (2.5 -> 2, 3.5 -> 4); out of range is NULL. */
export function doubleToInt(v: number, type: IntType): Maybe<number | null> {
  if (!Number.isFinite(v)) return UNSURE;
  const floor = Math.floor(v);
  const frac = v - floor;
  const rounded = frac < 0.5 ? floor : frac > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
  if (!Number.isSafeInteger(rounded)) return UNSURE;
  return inRange(BigInt(rounded), type);
}

/**
 * `CAST(v AS VARCHAR)` of a DOUBLE: DuckDB writes whole numbers with '.0' and switches to exponent
 * form (1e+16, 1e-05) where JS does not; only the range where both print the same digits is done here.
 */
export function doubleToText(v: number): Maybe<string> {
  if (Object.is(v, -0)) return '-0.0';
  if (Number.isInteger(v)) return Math.abs(v) <= 1e15 ? `${v}.0` : UNSURE;
  const abs = Math.abs(v);
  return abs >= 1e-4 && abs < 1e15 ? String(v) : UNSURE;
}

/** `CAST(v AS VARCHAR)` for a value of `type`. */
export function toText(v: number | string, type: RowType): Maybe<string> {
  if (typeof v === 'string') return v;
  return type === 'DOUBLE' ? doubleToText(v) : String(v);
}

/** `TRY_CAST(v AS DOUBLE)` (or `CAST` when `strict`) for a value of `type`. */
export function toDouble(v: number | string, strict: boolean): Maybe<number | null> {
  return typeof v === 'string' ? textToDouble(v, strict) : v;
}

const isAscii = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};

/** DuckDB's lower/upper follow Unicode tables (upper('ß') = 'ẞ'); on ASCII both agree. */
export function changeCase(s: string, action: 'lower' | 'upper'): Maybe<string> {
  if (!isAscii(s)) return UNSURE;
  return action === 'lower' ? s.toLowerCase() : s.toUpperCase();
}

/**
 * DuckDB's trim removes spaces and some Unicode blanks (NBSP, U+0085) but not tabs or newlines;
 * here: ASCII spaces, and UNSURE when a non-ASCII character is left at either end.
 */
export function trimSpaces(s: string): Maybe<string> {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  if (end > start && (s.charCodeAt(start) > 0x7f || s.charCodeAt(end - 1) > 0x7f)) return UNSURE;
  return s.slice(start, end);
}
