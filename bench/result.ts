/**
 * The one result format every bench shares: each figure is printed as a line
 * `BENCH_RESULT {json}` on stdout, which `bench/run.ts` collects into one table and a JSON file
 * (bench/table.ts). A bench prints its own detailed output as before and calls `reportResult`
 * once per headline figure at the end.
 */

/** One headline figure of a bench, with what it is compared against. */
export interface BenchResult {
  /** The bench file's name, e.g. `adult-pipeline`. */
  bench: string;
  /** What was measured, e.g. `import to evaluation, wall`. */
  figure: string;
  value: number;
  /** `s`, `ms`, `MB`, `rows/s`, `req/s`, `fps`... */
  unit: string;
  /** Whether a smaller value is the better one (times, memory) or a larger one (rates). */
  better: 'lower' | 'higher';
  /** The same work done by the reference (pandas, PyTorch...), measured in the same run or quoted. */
  reference?: { name: string; value: number; quoted?: boolean };
  /** Why there is no reference figure (e.g. `PyTorch not installed`); said in the table, never left blank. */
  referenceMissing?: string;
  /**
   * The goal, in words, and checkable as a minimum ratio to the reference (`ratio`, see `ratioOf`)
   * or as a bound on the value itself (`at`: at most for `lower`, at least for `higher`).
   */
  target?: { ratio?: number; at?: number; text: string };
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Prints the figure for the dispatcher. */
export function reportResult(result: BenchResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

/** How many times better than the reference the figure is (above 1: ahead), undefined without one. */
export function ratioOf(r: Pick<BenchResult, 'value' | 'better' | 'reference'>): number | undefined {
  if (!r.reference || !(r.value > 0) || !(r.reference.value > 0)) return undefined;
  return r.better === 'lower' ? r.reference.value / r.value : r.value / r.reference.value;
}

/** The results in a bench's output, in order; other lines are ignored, a malformed result line is an error naming it. */
export function parseResults(output: string): BenchResult[] {
  const out: BenchResult[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith(RESULT_PREFIX)) continue;
    try {
      out.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
    } catch (err) {
      throw new Error(`bench result line is not JSON (${(err as Error).message}): ${line.slice(0, 200)}`);
    }
  }
  return out;
}

/** Whether the figure meets its target; undefined when it has none that can be checked. */
export function targetMet(r: Pick<BenchResult, 'value' | 'better' | 'reference' | 'target'>): boolean | undefined {
  const t = r.target;
  if (!t) return undefined;
  const ratio = ratioOf(r);
  const checks: boolean[] = [];
  if (t.ratio !== undefined && ratio !== undefined) checks.push(ratio >= t.ratio);
  if (t.at !== undefined) checks.push(r.better === 'lower' ? r.value <= t.at : r.value >= t.at);
  return checks.length ? checks.every(Boolean) : undefined;
}
