/**
 * Refuses to write a pipeline that carries what looks like a credential. Secret params must hold
 * the NAME of a secret (OPENAI_API_KEY), never its value; and a key pasted into a text param would
 * leak the moment the file is shared. Known key formats are caught anywhere in params; long
 * high-entropy tokens are caught in secret and text params (or everywhere when kinds are unknown).
 */
import type { PipelineDocument } from '../document/schema.js';
import type { ParamKind } from '../node-def.js';

/** Looks up a param's kind in the node catalogue; undefined when the type or param is unknown. */
export type ParamKindLookup = (nodeType: string, param: string) => ParamKind | undefined;

export interface SecretFinding {
  nodeId: string;
  /** The node's label, else its id: what the user sees on the card. */
  nodeName: string;
  /** Param name, with the row and field for records params (`steps[2].value`). */
  param: string;
  /** JSON path into the document. */
  path: string;
  reason: string;
}

/** Well-known credential shapes. Each is specific enough that a match is almost surely a key. */
const KEY_PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'an OpenAI-style API key (sk-...)', re: /sk-[A-Za-z0-9_-]{20,}/ },
  { name: 'an AWS access key id (AKIA...)', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token (ghp_...)', re: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: 'a Slack token (xox...)', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key (AIza...)', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Hugging Face token (hf_...)', re: /\bhf_[A-Za-z0-9]{30,}/ },
  { name: 'a private key block', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** What a secret param may hold: the name of an environment variable or keychain entry. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Shannon entropy in bits per character. */
function entropy(token: string): number {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A run of 32+ token characters that is close to random: letters with digits sprinkled all through
 * it (4+ separate digit runs) and high entropy. Words, paths and SQL break on spaces and dots, and
 * identifiers like `customer_value_2024_total` keep their digits in one or two clumps.
 */
export function looksLikeRandomToken(text: string): boolean {
  for (const token of text.match(/[A-Za-z0-9+/_=-]{32,}/g) ?? []) {
    if (!/[A-Za-z]/.test(token) || (token.match(/[0-9]+/g) ?? []).length < 4) continue;
    if (entropy(token) >= 3.5) return true;
  }
  return false;
}

function scan(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => scan(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) scan(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, visit);
  }
}

/** Every value in the document's params that looks like a credential. */
export function findSecretLikeValues(doc: PipelineDocument, kindOf?: ParamKindLookup): SecretFinding[] {
  const findings: SecretFinding[] = [];
  doc.nodes.forEach((node, index) => {
    const nodeName = node.label?.trim() || node.id;
    for (const [param, value] of Object.entries(node.params)) {
      const kind = kindOf?.(node.type, param);
      const base = `nodes[${index}].params`;
      scan(value, /^[A-Za-z_$][\w$]*$/.test(param) ? `${base}.${param}` : `${base}[${JSON.stringify(param)}]`, (text, path) => {
        const add = (reason: string) => findings.push({ nodeId: node.id, nodeName, param: path.slice(base.length).replace(/^\./, ''), path, reason });
        const known = KEY_PATTERNS.find((k) => k.re.test(text));
        if (known) return add(`the value looks like ${known.name}`);
        if (kind === 'secret' && text !== '' && !SECRET_NAME.test(text)) {
          return add('a secret param holds the NAME of a secret (e.g. OPENAI_API_KEY), but this value is not a name');
        }
        const entropyChecked = kind === undefined || kind === 'secret' || kind === 'text' || kind === 'records';
        if (entropyChecked && looksLikeRandomToken(text)) add('the value holds a long random-looking token, like an API key or password');
      });
    }
  });
  return findings;
}

function mapStrings(value: unknown, path: string, fn: (text: string, path: string) => string): unknown {
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${path}[${i}]`, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapStrings(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, fn)]),
    );
  }
  return value;
}

/**
 * A copy of the document with every credential-like value emptied, for copies the app writes on
 * its own (the autosave recovery file): those cannot be refused like a save, but must not keep a
 * pasted key on disk either.
 */
export function redactSecretLikeValues(doc: PipelineDocument, kindOf?: ParamKindLookup): PipelineDocument {
  const flagged = new Set(findSecretLikeValues(doc, kindOf).map((f) => f.path));
  if (flagged.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((node, index) => ({
      ...node,
      params: mapStrings(node.params, `nodes[${index}].params`, (text, path) => (flagged.has(path) ? '' : text)) as typeof node.params,
    })),
  };
}

/** One message naming every node and param, and how to fix it. */
export function describeSecretFindings(findings: readonly SecretFinding[]): string {
  const lines = findings.map((f) => `  node "${f.nodeName}", param "${f.param}": ${f.reason}`);
  return (
    `Refusing to write the pipeline: it contains values that look like secrets.\n${lines.join('\n')}\n` +
    'Put the key in the environment or the keychain and store only its name in a secret param (e.g. OPENAI_API_KEY).'
  );
}
