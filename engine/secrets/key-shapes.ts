/**
 * Credential shapes and how to blank them out of text. Export refuses a document holding one;
 * the copies the app writes on its own (recovery file, run records, the cache index) keep a
 * redacted form instead, so a key typed into SQL or a description never reaches the disk.
 */
import { createHash } from 'node:crypto';

export interface KeyShape {
  /** Words for messages: "looks like <name>". */
  name: string;
  /** Short tag used in the redaction marker. */
  tag: string;
  /** Global: every occurrence is replaced. */
  re: RegExp;
}

// Each shape is specific enough that a match is almost surely a key. The look-behinds stand in for
// \b where `_` must count as a boundary too (`my_sk-...`), but letters and digits must not (`task-`).
export const KEY_SHAPES: readonly KeyShape[] = [
  { name: 'an OpenAI-style API key (sk-...)', tag: 'sk-key', re: /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}/g },
  { name: 'an AWS access key id (AKIA...)', tag: 'aws-key', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g },
  { name: 'a GitHub token (ghp_...)', tag: 'github-token', re: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { name: 'a Slack token (xox...)', tag: 'slack-token', re: /(?<![A-Za-z0-9])xox[abeprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'a Google API key (AIza...)', tag: 'google-key', re: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}/g },
  { name: 'a Hugging Face token (hf_...)', tag: 'hf-token', re: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/g },
  // Header and payload of a JSON Web Token are base64url of '{"...', hence the two eyJ.
  { name: 'a JSON Web Token (eyJ...)', tag: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // The whole block goes, up to its END line; a block cut short goes to the end of the text.
  {
    name: 'a private key block',
    tag: 'private-key',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*$)/g,
  },
];

/** The first credential shape found in `text`, or undefined. */
export function findKeyShape(text: string): KeyShape | undefined {
  return KEY_SHAPES.find((shape) => {
    shape.re.lastIndex = 0;
    return shape.re.test(text);
  });
}

/**
 * What replaces a key: its kind and 8 hex digits of its sha256, so two different keys still read
 * as different (the cache can tell that a param changed) while nothing of the key can be recovered.
 */
export function redactionMarker(tag: string, secret: string): string {
  return `[redacted ${tag} #${createHash('sha256').update(secret).digest('hex').slice(0, 8)}]`;
}

/** `text` with every known credential shape replaced by its marker. */
export function redactKeys(text: string): string {
  let out = text;
  for (const shape of KEY_SHAPES) out = out.replace(shape.re, (found) => redactionMarker(shape.tag, found));
  return out;
}

/**
 * A copy of any JSON value with `redactKeys` applied to every string, keys included. Only the
 * known shapes are used here, not the random-token heuristic: records also hold cache keys and
 * hashes, which look random and must stay intact.
 */
export function redactKeysDeep<T>(value: T): T {
  return mapJson(value) as T;
}

function mapJson(value: unknown): unknown {
  if (typeof value === 'string') return redactKeys(value);
  if (Array.isArray(value)) return value.map(mapJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, not assignment: a key named __proto__ must stay an own property.
      Object.defineProperty(out, redactKeys(k), { value: mapJson(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
