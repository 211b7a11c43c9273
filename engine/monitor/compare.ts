/**
 * Compares two datasets column by column: the drift test of each shared column (Evidently's default
 * or the user's per-column choice), new categories, the change in missing share, and schema changes
 * (a column missing, added, or of another kind). The dataset drifts when at least `driftShare` of the
 * compared columns drifted; prediction columns are reported apart and do not count in that share.
 */
import { driftTest, type DriftMethod } from './stattests.js';
import { categoricalSample, type ColumnSample } from './sample.js';

/** The bucket a package's categories past its top 100 are counted in (profiles.ts). */
export const OTHER_CATEGORIES = '(other categories)';
const OTHER = OTHER_CATEGORIES;

export interface ColumnProfile {
  name: string;
  /** DuckDB type name. */
  type: string;
  /** All rows, missing included. */
  rows: number;
  missing: number;
  sample: ColumnSample;
}

export interface ColumnOverride {
  column: string;
  method?: DriftMethod;
  threshold?: number;
}

export interface ColumnDrift {
  column: string;
  role: 'feature' | 'prediction';
  method: DriftMethod | null;
  score: number | null;
  threshold: number | null;
  drifted: boolean;
  referenceMissingShare: number;
  currentMissingShare: number;
  /** Values of the current data never seen in the reference (categorical columns), most frequent first. */
  newCategories: string[];
  /** The reference was stored rounded or lumped: the figure is close to, not equal to, the exact one. */
  approximate: boolean;
  /** Why no test ran (no values on one side, or a test that does not fit the column). */
  note?: string;
}

export interface SchemaChange {
  column: string;
  change: 'missing' | 'added' | 'type';
  reference?: string;
  current?: string;
}

export interface DriftSummary {
  columns: ColumnDrift[];
  schema: SchemaChange[];
  compared: number;
  drifted: number;
  share: number;
  datasetDrift: boolean;
  driftShare: number;
}

export interface CompareOptions {
  driftShare?: number;
  overrides?: readonly ColumnOverride[];
  /** Current columns that hold the model's outputs, each mapped to the reference column to compare with. */
  predictions?: ReadonlyMap<string, string>;
  /** Current columns left out entirely (request ids, times). */
  ignore?: readonly string[];
  /** Only these reference columns (all when empty). */
  only?: readonly string[];
}

const missingShare = (p: ColumnProfile) => (p.rows ? p.missing / p.rows : 0);

function newCategories(reference: ColumnSample, current: ColumnSample): string[] {
  if (reference.kind !== 'categorical' || current.kind !== 'categorical') return [];
  return [...current.counts.entries()]
    .filter(([v]) => !reference.counts.has(v))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([v]) => v);
}

/**
 * Against a reference that lumped its rare categories, a current value it does not list may be one of
 * them: it goes to the same bucket, and only the listed categories can be told apart.
 */
function lumpedLike(reference: ColumnSample, current: ColumnSample): ColumnSample {
  if (reference.kind !== 'categorical' || current.kind !== 'categorical' || !reference.counts.has(OTHER)) return current;
  return categoricalSample(
    [...current.counts.entries()].map(([v, n]) => [reference.counts.has(v) ? v : OTHER, n] as const),
    true,
  );
}

function compareColumn(name: string, role: ColumnDrift['role'], ref: ColumnProfile, given: ColumnProfile, override?: ColumnOverride): ColumnDrift {
  const cur = { ...given, sample: lumpedLike(ref.sample, given.sample) };
  const base = {
    column: name,
    role,
    referenceMissingShare: missingShare(ref),
    currentMissingShare: missingShare(cur),
    newCategories: newCategories(ref.sample, cur.sample),
    approximate: Boolean(ref.sample.approximate || cur.sample.approximate),
  };
  const none = (note: string): ColumnDrift => ({ ...base, method: null, score: null, threshold: null, drifted: false, note });
  if (!ref.sample.n) return none('no values in the reference');
  if (!cur.sample.n) return none('no values in the current data');
  try {
    const r = driftTest(ref.sample, cur.sample, override?.method, override?.threshold);
    return { ...base, method: r.method, score: r.score, threshold: r.threshold, drifted: r.drifted };
  } catch (err) {
    return none((err as Error).message);
  }
}

/**
 * @example
 * const summary = compareProfiles(reference, current, { driftShare: 0.5 });
 * summary.datasetDrift; // true when at least half the columns drifted
 */
export function compareProfiles(reference: readonly ColumnProfile[], current: readonly ColumnProfile[], options: CompareOptions = {}): DriftSummary {
  const driftShare = options.driftShare ?? 0.5;
  const predictions = options.predictions ?? new Map<string, string>();
  const ignore = new Set(options.ignore ?? []);
  const only = options.only?.length ? new Set(options.only) : undefined;
  const refBy = new Map(reference.map((p) => [p.name, p]));
  const curBy = new Map(current.map((p) => [p.name, p]));
  const overrides = new Map((options.overrides ?? []).map((o) => [o.column, o]));
  const predictedRefs = new Set(predictions.values());
  const columns: ColumnDrift[] = [];
  const schema: SchemaChange[] = [];
  for (const ref of reference) {
    if (only && !only.has(ref.name)) continue;
    const cur = curBy.get(ref.name);
    if (!cur) {
      // A reference column compared with a prediction column is not expected among the inputs.
      if (!predictedRefs.has(ref.name)) schema.push({ column: ref.name, change: 'missing', reference: ref.type });
      continue;
    }
    if (ref.sample.kind !== cur.sample.kind) {
      schema.push({ column: ref.name, change: 'type', reference: ref.type, current: cur.type });
      continue;
    }
    if (!predictions.has(ref.name)) columns.push(compareColumn(ref.name, 'feature', ref, cur, overrides.get(ref.name)));
  }
  for (const cur of current) {
    if (ignore.has(cur.name) || (only && !only.has(cur.name) && !predictions.has(cur.name))) continue;
    const refName = predictions.get(cur.name);
    if (refName !== undefined) {
      const ref = refBy.get(refName);
      if (ref && ref.sample.kind === cur.sample.kind) columns.push(compareColumn(cur.name, 'prediction', ref, cur, overrides.get(cur.name)));
      continue;
    }
    if (!refBy.has(cur.name)) schema.push({ column: cur.name, change: 'added', current: cur.type });
  }
  const features = columns.filter((c) => c.role === 'feature');
  const drifted = features.filter((c) => c.drifted).length;
  const share = features.length ? drifted / features.length : 0;
  return { columns, schema, compared: features.length, drifted, share, datasetDrift: features.length > 0 && share >= driftShare, driftShare };
}
