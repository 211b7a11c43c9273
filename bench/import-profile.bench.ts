/**
 * Import + full column profile of kddcup 10% (494,021 rows x 42, gzip CSV), beside pandas doing
 * read_csv + describe(include='all') on the same file in the same run. Rounds alternate between
 * the two, each in a fresh process, so a busy machine slows both alike; medians are compared.
 *
 * Run: `npm run bench -- import-profile` (ROUNDS=5 to change the number of rounds).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataPlane } from '../engine/data/data-plane.js';
import { profileTable } from '../engine/data/profile.js';
import { defaultParams } from '../engine/node-def.js';
import { createFakeContext } from '../engine/testing/fake-context.js';
import type { TableValue } from '../engine/values.js';
import { importDatasetDef } from '../nodes/import-dataset/def.js';
import { importDatasetRunner } from '../nodes/import-dataset/run.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = resolve(here, '../../shared/data/kddcup.data_10_percent.csv.gz');
const PYTHON = '/usr/bin/python3';
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Measure {
  seconds: number;
  /** CPU seconds (user + system, all threads): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  importSeconds: number;
  peakMb: number;
  rows: number;
}

/** Peak resident memory of this process so far (VmHWM), in MB. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function measureOurs(): Promise<Measure> {
  const data = await openDataPlane(':memory:');
  const ctx = createFakeContext(data, { nodeId: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await importDatasetRunner.run(ctx, {}, { ...defaultParams(importDatasetDef.params), path: FILE });
  const t1 = performance.now();
  const table = out.table as TableValue;
  const profile = await profileTable(data, table.table);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (profile.columns.length !== 42 || table.rowCount !== 494_021) throw new Error(`unexpected shape ${table.rowCount} x ${profile.columns.length}`);
  const peakMb = peakRssMb();
  data.close();
  return { seconds: (t2 - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, importSeconds: (t1 - t0) / 1000, peakMb, rows: table.rowCount };
}

const PANDAS_SCRIPT = `
import json, resource, sys, time
import pandas as pd
r0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], header=None)
t1 = time.perf_counter()
d = df.describe(include='all')
t2 = time.perf_counter()
r2 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": t2 - t0, "cpuSeconds": (r2.ru_utime + r2.ru_stime) - (r0.ru_utime + r0.ru_stime), "importSeconds": t1 - t0, "peakMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(df), "pandas": pd.__version__}))
`;

function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

function measurePandas(): Measure & { pandas: string } {
  const r = spawnSync(PYTHON, ['-c', PANDAS_SCRIPT, FILE], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pandas run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as Measure & { pandas: string };
}

function measureOursInChild(): Measure {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Measure;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, d = 2) => x.toFixed(d);

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    console.log(JSON.stringify(await measureOurs()));
    return;
  }
  const withPandas = pandasAvailable();
  console.log(`kddcup 10% (${FILE})`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => fmt(l)).join(' ')}; ${ROUNDS} rounds, each in a fresh process`);
  if (!withPandas) console.log(`${PYTHON} has no pandas: measuring this app alone.`);
  const ours: Measure[] = [];
  const theirs: Measure[] = [];
  let pandasVersion = '';
  for (let i = 0; i < ROUNDS; i++) {
    const o = measureOursInChild();
    ours.push(o);
    let line = `round ${i + 1}: ours ${fmt(o.seconds)} s (import ${fmt(o.importSeconds)} s, CPU ${fmt(o.cpuSeconds)} s) ${fmt(o.peakMb, 0)} MB peak`;
    if (withPandas) {
      const p = measurePandas();
      pandasVersion = p.pandas;
      theirs.push(p);
      line += ` | pandas ${fmt(p.seconds)} s (read_csv ${fmt(p.importSeconds)} s, CPU ${fmt(p.cpuSeconds)} s) ${fmt(p.peakMb, 0)} MB peak`;
    }
    console.log(line);
  }
  const os = median(ours.map((m) => m.seconds));
  const om = median(ours.map((m) => m.peakMb));
  const oc = median(ours.map((m) => m.cpuSeconds));
  console.log(`\nimport + profile, median: ${fmt(os)} s wall, ${fmt(oc)} s CPU, ${fmt(om, 0)} MB peak RSS (whole Node process, DuckDB on ${cpus().length} threads)`);
  if (withPandas) {
    const ps = median(theirs.map((m) => m.seconds));
    const pm = median(theirs.map((m) => m.peakMb));
    const pc = median(theirs.map((m) => m.cpuSeconds));
    console.log(`pandas ${pandasVersion} read_csv + describe(include='all'), median: ${fmt(ps)} s wall, ${fmt(pc)} s CPU, ${fmt(pm, 0)} MB peak RSS (whole Python process)`);
    console.log(`ratio (pandas / ours): wall time x${fmt(ps / os)}, CPU time x${fmt(pc / oc)}, memory x${fmt(pm / om)}  (above 1 means this app is faster / lighter)`);
    console.log(`load average now ${loadavg().map((l) => fmt(l)).join(' ')}`);
  }
}

await main();
