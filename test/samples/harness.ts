/**
 * The shared runner of the sample tests: each group file (`*.test.ts` beside this) runs its samples
 * end to end through the real engine in its own process and workspace, so vitest runs the groups in
 * parallel. Expectations live in `*.samples.ts` modules (no tests in them), so `coverage.test.ts` can
 * import every group and fail on a sample that none of them checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializePipeline } from '../../engine/document/serialize.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { RunRecord } from '../../engine/engine-types.js';
import { startEngine } from '../../cli/engine-host.js';
import type { EngineClient } from '../../hosts/shared/engine-client.js';
import { ServiceManager } from '../../hosts/shared/services/service-manager.js';
import { ROOT, tempDir } from '../testing/cli-harness.js';

export const SAMPLES = join(ROOT, 'pipelines-samples');

type Rows = Record<string, Record<string, number>>;
export interface Expectation {
  /** node id -> output port -> row count */
  rows: Rows;
  /** node id -> output port -> column count */
  columns?: Rows;
  /** Extra checks on the finished run (profiles of output tables); `workspace` is the run's workspace folder. */
  check?: (engine: EngineClient, record: RunRecord, workspace: string) => Promise<void>;
  /** Changes the document before the run (a base URL pointed at the test's stand-in server). */
  prepare?: (doc: PipelineDocument) => Promise<PipelineDocument>;
  /** Before the run, on the test's workspace (a registry holding the champion). */
  setup?: (workspaceDir: string) => Promise<void>;
}
export type Expectations = Record<string, Expectation>;

export const table = (record: RunRecord, node: string, port: string) => (record.nodes[node].outputs?.[port] as { table: string }).table;

/** Value counts of one column of an output table, as `{ value: count }`. */
export async function counts(engine: EngineClient, tableName: string, column: string): Promise<Record<string, number>> {
  const profile = await engine.profile(tableName, [column]);
  return Object.fromEntries((profile.columns[0].topValues ?? []).map((t) => [t.value, t.count]));
}

/** Registers one `describe` running each sample of the group; `cleanup` runs after the engine closes. */
export function runSamples(group: string, expectations: Expectations, cleanup?: () => Promise<void>): void {
  let engine: EngineClient;
  let workspace: string;
  beforeAll(() => {
    workspace = tempDir('ls-samples-ws-');
    engine = startEngine(workspace);
  });
  afterAll(async () => {
    await engine.close();
    await cleanup?.();
    // A sample's Deploy starts a server that outlives its run: stop every one, so CI leaks no process.
    const services = new ServiceManager({ workspaceDir: workspace });
    for (const s of await services.list()) if (s.status !== 'stopped') await services.stop(s.id);
    expect((await services.list()).filter((s) => s.status !== 'stopped')).toEqual([]);
  });

  describe(`sample pipelines: ${group}`, () => {
    for (const [file, want] of Object.entries(expectations)) {
      it(`${file} runs end to end with the expected figures`, async () => {
        const path = join(SAMPLES, file);
        const text = readFileSync(path, 'utf8');
        const checked = await engine.validate(JSON.parse(text));
        expect(checked.issues.filter((i) => i.severity === 'error')).toEqual([]);
        // Stored exactly as the app saves it, so opening and saving a sample leaves no diff.
        expect(serializePipeline(checked.document!)).toBe(text);

        await want.setup?.(workspace);
        const document = want.prepare ? await want.prepare(checked.document!) : checked.document!;
        const record = await engine.run(document, { documentPath: path });
        expect(record.status).toBe('succeeded');
        for (const [node, ports] of Object.entries(want.rows)) {
          for (const [port, rows] of Object.entries(ports)) {
            expect({ node, port, rows: (record.nodes[node].outputs?.[port] as { rowCount?: number }).rowCount }).toEqual({ node, port, rows });
          }
        }
        for (const [node, ports] of Object.entries(want.columns ?? {})) {
          for (const [port, cols] of Object.entries(ports)) {
            expect({ node, port, cols: (record.nodes[node].outputs?.[port] as { columns: unknown[] }).columns.length }).toEqual({ node, port, cols });
          }
        }
        await want.check?.(engine, record, workspace);
      });
    }
  });
}
