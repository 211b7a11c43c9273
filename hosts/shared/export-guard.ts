/**
 * Refuses to write a pipeline that carries what looks like a credential. Secret params must hold
 * the NAME of a secret (OPENAI_API_KEY), never its value; and a key pasted anywhere (a text param,
 * SQL, the description, a node label, a note) would leak the moment the file is shared. Known key
 * formats are caught in every string of the document; long high-entropy tokens only in secret,
 * text and records params (or every param when kinds are unknown): free text such as a description
 * often quotes commit hashes and checksums, which look just as random.
 */
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { ParamKind } from '../../engine/node-def.js';
import { findKeyShape, redactionMarker, redactKeys } from '../../engine/secrets/key-shapes.js';

/** Looks up a param's kind in the node catalogue; undefined when the type or param is unknown. */
export type ParamKindLookup = (nodeType: string, param: string) => ParamKind | undefined;

export interface SecretFinding {
  /** Where, in the user's words: `node "Ask the model", param "prompt"`, `the pipeline description`. */
  place: string;
  /** JSON path into the document. */
  path: string;
  reason: string;
  /** Set when the value sits in a node (its label or a param). */
  nodeId?: string;
  /** The node's label, else its id: what the user sees on the card. */
  nodeName?: string;
  /** Param name, with the row and field for records params (`steps[2].value`). */
  param?: string;
}

/** What a secret param may hold: the name of an environment variable or keychain entry. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const RANDOM_TOKEN = /[A-Za-z0-9+/_=-]{32,}/g;

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
const isRandomToken = (token: string) => /[A-Za-z]/.test(token) && (token.match(/[0-9]+/g) ?? []).length >= 4 && entropy(token) >= 3.5;

export function looksLikeRandomToken(text: string): boolean {
  return (text.match(RANDOM_TOKEN) ?? []).some(isRandomToken);
}

/** How strictly one string is checked. */
interface Rule {
  secretParam: boolean;
  randomTokens: boolean;
}
const FREE_TEXT: Rule = { secretParam: false, randomTokens: false };
const ruleForKind = (kind: ParamKind | undefined): Rule => ({
  secretParam: kind === 'secret',
  randomTokens: kind === undefined || kind === 'secret' || kind === 'text' || kind === 'records',
});

function problemOf(text: string, rule: Rule): string | undefined {
  const shape = findKeyShape(text);
  if (shape) return `the value looks like ${shape.name}`;
  if (rule.secretParam && text !== '' && !SECRET_NAME.test(text)) {
    return 'a secret param holds the NAME of a secret (e.g. OPENAI_API_KEY), but this value is not a name';
  }
  if (rule.randomTokens && looksLikeRandomToken(text)) return 'the value holds a long random-looking token, like an API key or password';
  return undefined;
}

function cleaned(text: string, rule: Rule): string {
  // A secret param holding anything but a clean name holds the secret itself: nothing of it is kept.
  if (rule.secretParam && text !== '' && (!SECRET_NAME.test(text) || findKeyShape(text))) return '';
  const out = redactKeys(text);
  return rule.randomTokens ? out.replace(RANDOM_TOKEN, (t) => (isRandomToken(t) ? redactionMarker('token', t) : t)) : out;
}

const member = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

type Visit = (text: string, path: string, rule: Rule, where: Omit<SecretFinding, 'path' | 'reason'>) => string;

function mapStrings(value: unknown, path: string, fn: (text: string, path: string) => string): unknown {
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${path}[${i}]`, fn));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: mapStrings(v, member(path, k), fn), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Maps every string of the document through `visit`, telling it where the string sits and how strict to be. */
function visitDocument(doc: PipelineDocument, kindOf: ParamKindLookup | undefined, visit: Visit): PipelineDocument {
  const generic = (value: unknown, path: string, place: string) => mapStrings(value, path, (t, p) => visit(t, p, FREE_TEXT, { place }));
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'nodes' || key === 'notes') continue;
    const place = key === 'name' ? 'the pipeline name' : key === 'description' ? 'the pipeline description' : `the field "${key}"`;
    top[key] = generic(value, key, place);
  }
  const nodes = doc.nodes.map((node, index) => {
    // The label may itself hold the key: the message names the node without repeating it.
    const nodeName = redactKeys(node.label?.trim() || node.id);
    const base = `nodes[${index}]`;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'params') continue;
      const place = key === 'label' ? `node "${nodeName}", its label` : `node "${nodeName}", its ${key}`;
      out[key] = mapStrings(value, member(base, key), (t, p) => visit(t, p, FREE_TEXT, { place, nodeId: node.id, nodeName }));
    }
    const paramsBase = `${base}.params`;
    const params: Record<string, unknown> = {};
    for (const [param, value] of Object.entries(node.params)) {
      const rule = ruleForKind(kindOf?.(node.type, param));
      const mapped = mapStrings(value, member(paramsBase, param), (t, p) => {
        const name = p.slice(paramsBase.length).replace(/^\./, '');
        return visit(t, p, rule, { place: `node "${nodeName}", param "${name}"`, nodeId: node.id, nodeName, param: name });
      });
      Object.defineProperty(params, param, { value: mapped, enumerable: true, writable: true, configurable: true });
    }
    return { ...out, params } as PipelineDocument['nodes'][number];
  });
  const notes = doc.notes?.map(
    (note, i) => generic(note, `notes[${i}]`, `note ${i + 1} (id "${redactKeys(note.id)}")`) as NonNullable<PipelineDocument['notes']>[number],
  );
  return { ...(top as Omit<PipelineDocument, 'nodes' | 'notes'>), nodes, ...(notes ? { notes } : {}) } as PipelineDocument;
}

/** Every string in the document (name, description, labels, notes, params, ids) that looks like a credential. */
export function findSecretLikeValues(doc: PipelineDocument, kindOf?: ParamKindLookup): SecretFinding[] {
  const findings: SecretFinding[] = [];
  visitDocument(doc, kindOf, (text, path, rule, where) => {
    const reason = problemOf(text, rule);
    if (reason) findings.push({ ...where, path, reason });
    return text;
  });
  return findings;
}

/**
 * A copy of the document with every credential blanked out, for copies the app writes on its own
 * (the autosave recovery file): those cannot be refused like a save, but must not keep a pasted
 * key on disk either. Keys inside a text are replaced by a marker, the rest of the text is kept; a
 * secret param holding a value instead of a name is emptied. A clean document comes back as is.
 */
export function redactSecretLikeValues(doc: PipelineDocument, kindOf?: ParamKindLookup): PipelineDocument {
  let changed = false;
  const out = visitDocument(doc, kindOf, (text, _path, rule) => {
    const next = cleaned(text, rule);
    if (next !== text) changed = true;
    return next;
  });
  return changed ? out : doc;
}

/** One message naming every place (in words and as a JSON path), and how to fix it. */
export function describeSecretFindings(findings: readonly SecretFinding[]): string {
  const lines = findings.map((f) => `  ${f.place} (${f.path}): ${f.reason}`);
  return (
    `Refusing to write the pipeline: it contains values that look like secrets.\n${lines.join('\n')}\n` +
    'Remove them. A key belongs in the environment or the keychain; store only its name in a secret param (e.g. OPENAI_API_KEY).'
  );
}
