/**
 * Step mode: one node of a pipeline run from portable inputs, its outputs written as portable
 * values plus `summary.json`. The engine runs in this process on a workspace of its own (a pod's
 * scratch space on a cluster). Exit codes as `run`: 0 done, 1 the node failed or a gate it made or
 * met did not pass, 2 the step could not start (its document, inputs, paths or hosts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { portableInputNodes } from '../../../engine/artifacts/portable-input-nodes.js';
import { writePortableValue } from '../../../engine/artifacts/portable-values.js';
import type { PipelineDocument } from '../../../engine/document/schema.js';
import { createEngine } from '../../../engine/engine.js';
import type { NodeRunRecord, RunRecord } from '../../../engine/engine-types.js';
import type { NodeImpl } from '../../../engine/node-run.js';
import type { ReportValue } from '../../../engine/values.js';
import { stepDocument } from './step-document.js';

export interface StepRequest {
  document: PipelineDocument;
  /** Absolute path of the pipeline file (relative file params resolve against its folder). */
  documentPath: string;
  nodeId: string;
  /** The folder of each wired input port. */
  inputDirs: Record<string, string>;
  outputsDir: string;
  workspaceDir: string;
  catalog: readonly NodeImpl[];
  allowedRoots: string[];
  allowedHosts: string[];
  secrets: Record<string, string>;
  versions?: () => Promise<Record<string, string>>;
}

/** What a step did, as `summary.json` holds it. */
export interface StepSummary {
  node: string;
  type: string;
  status: NodeRunRecord['status'] | 'refused';
  metrics: Record<string, number>;
  rowCounts: Record<string, number>;
  outputs: Record<string, string>;
  gate?: { passed: boolean; failedRules: string[] };
  error?: { code: string; message: string; hint?: string };
  exitCode: 0 | 1 | 2;
}

/** Refusals found before the node ran: the document's or the command line's problem. */
const REFUSED = new Set(['PATH_OUTSIDE_ROOTS', 'HOST_NOT_ALLOWED', 'DOCUMENT_INVALID', 'RUN_TARGET_UNKNOWN']);

/** @example const summary = await runStep({ document, documentPath, nodeId: 'train', ... }); process.exitCode = summary.exitCode; */
export async function runStep(req: StepRequest): Promise<StepSummary> {
  const catalog = [...req.catalog, ...portableInputNodes];
  const doc = stepDocument(
    req.document,
    catalog.map((i) => i.def),
    req.nodeId,
    req.inputDirs,
  );
  const type = doc.nodes[0].type;
  await mkdir(req.outputsDir, { recursive: true });
  const engine = await createEngine({ nodes: catalog, workspaceDir: req.workspaceDir, ...(req.versions ? { versions: req.versions } : {}) });
  try {
    let record: RunRecord;
    try {
      record = await engine.run(doc, {
        documentPath: req.documentPath,
        // The person running the step named these folders on the command line: the same trust as --allow-path.
        allowedRoots: [...req.allowedRoots, ...Object.values(req.inputDirs), req.outputsDir],
        allowedHosts: req.allowedHosts,
        force: ['*'],
        secrets: req.secrets,
      });
    } catch (err) {
      const e = err as { code?: string; message: string; hint?: string };
      const code = e.code ?? 'ENGINE_FAULT';
      const exitCode = REFUSED.has(code) ? 2 : 1;
      return save(req, {
        node: req.nodeId,
        type,
        status: exitCode === 2 ? 'refused' : 'failed',
        metrics: {},
        rowCounts: {},
        outputs: {},
        error: { code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
        exitCode,
      });
    }
    return save(req, await summarize(req, record, engine.data));
  } finally {
    await engine.close();
  }
}

async function summarize(req: StepRequest, record: RunRecord, data: Parameters<typeof writePortableValue>[2]): Promise<StepSummary> {
  const node = record.nodes[req.nodeId];
  const prefix = `${req.nodeId}.`;
  const metrics = Object.fromEntries(
    Object.entries(record.metrics)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  const summary: StepSummary = { node: req.nodeId, type: node.type, status: node.status, metrics, rowCounts: {}, outputs: {}, exitCode: 0 };
  for (const [port, value] of Object.entries(node.outputs ?? {})) {
    await writePortableValue(value, join(req.outputsDir, port), data);
    summary.outputs[port] = value.kind;
    if (value.kind === 'table') summary.rowCounts[port] = value.rowCount;
    const gate = (value as ReportValue).kind === 'report' ? (value as ReportValue).gate : undefined;
    if (gate) summary.gate = { passed: gate.passed, failedRules: gate.rules.filter((r) => !r.passed).map((r) => r.rule) };
  }
  // A blocked node met a failed gate among its inputs; a failed gate of its own stops what follows, as `run` exits 1.
  const stopped = node.status !== 'done' && node.status !== 'cached';
  if (stopped) {
    const blocked = Object.values(record.nodes).find((n) => n.status === 'failed')?.error;
    const gated: { code: string; message: string; hint?: string } | undefined =
      node.status === 'blocked' ? { code: 'GATE_FAILED', message: 'blocked: a business-goal gate among its inputs did not pass' } : undefined;
    const error = node.error ?? gated ?? blocked ?? record.error;
    if (error) summary.error = { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  summary.exitCode = stopped || summary.gate?.passed === false ? 1 : 0;
  return summary;
}

async function save(req: StepRequest, summary: StepSummary): Promise<StepSummary> {
  await mkdir(req.outputsDir, { recursive: true });
  await writeFile(join(req.outputsDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
