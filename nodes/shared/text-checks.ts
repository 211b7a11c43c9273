/**
 * Checks of a text reply against an expected value, as promptfoo's assertions: exact, normalised
 * (case, whitespace and punctuation ignored), contains, regular expression, numeric tolerance and
 * JSON validity. Pure functions so the Evaluate node and its tests share one definition.
 */
export type CheckKind = 'exact' | 'normalised' | 'contains' | 'regex' | 'numeric' | 'json' | 'label';

export interface CheckOptions {
  kind: CheckKind;
  /** For 'regex': the pattern the reply must match (the expected value is not used). */
  pattern?: RegExp;
  /** For 'numeric': the largest allowed |reply - expected|. */
  tolerance?: number;
}

/** Lower-case, punctuation removed, whitespace runs collapsed: "  Positive! " is "positive". */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first number in the text ("about 42.5 km" is 42.5), or NaN. */
export function firstNumber(text: string): number {
  const m = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(text.replaceAll(',', ''));
  return m ? Number(m[0]) : NaN;
}

export function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether the reply passes; a missing reply (invalid or failed call) never passes. */
export function passes(reply: string | null, expected: string | null, opts: CheckOptions): boolean {
  if (reply === null) return false;
  switch (opts.kind) {
    case 'regex':
      return opts.pattern!.test(reply);
    case 'json':
      return parsesAsJson(reply);
    case 'numeric': {
      const a = firstNumber(reply);
      const b = expected === null ? NaN : Number(expected);
      return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= (opts.tolerance ?? 0);
    }
    default:
      break;
  }
  if (expected === null) return false;
  if (opts.kind === 'exact') return reply === expected;
  if (opts.kind === 'contains') return normalise(reply).includes(normalise(expected));
  return normalise(reply) === normalise(expected);
}

/** Percentile with linear interpolation between closest ranks (numpy's default); NaN when empty. */
export function percentile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
