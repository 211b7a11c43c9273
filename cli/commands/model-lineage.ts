/**
 * `models show <name> --lineage`: which run, which pipeline version, which params and which data
 * made a registered model, as text. Follows the package's lineage to the run record
 * (`<workspace>/runs`), the run's document to the saved version with the same hash
 * (`<workspace>/pipeline-versions`), and the run's node records to the files read upstream of
 * the training node. What cannot be followed is said, with why.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { showValue } from '../../engine/document/diff.js';
import type { PipelineDocument, PipelineNode } from '../../engine/document/schema.js';
import type { RunRecord } from '../../engine/engine-types.js';
import { closure } from '../../engine/graph/graph-walk.js';
import type { Lineage } from '../../engine/models/package/manifest.js';
import type { NodeDef } from '../../engine/node-def.js';
import { RunStore } from '../../engine/runs/run-store.js';
import { VersionStore } from '../../engine/versions/version-store.js';
import type { PipelineVersion } from '../../engine/versions/version-types.js';
import { nodeDefs } from '../../nodes/defs.js';

const defs = new Map<string, NodeDef>(nodeDefs.map((d) => [d.type, d]));

/** `2026-12-02T04:19:59Z`: seconds are enough to tell saves apart for a reader. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const nodeName = (n: PipelineNode) => n.label?.trim() || defs.get(n.type)?.title || n.type;

function versionLine(v: PipelineVersion | undefined, hash: string, pipelineId: string, store: VersionStore): string {
  if (!v) {
    return `    version:  ${hash.slice(0, 12)}, not among the saved versions of "${pipelineId}" in ${store.folderOf(pipelineId)} (the run used an unsaved document, or a file saved outside the app)`;
  }
  const who = v.user ? `by ${v.user}` : 'found on disk (editor unknown)';
  return `    version:  ${v.versionId} saved ${isoSeconds(v.savedAt)} ${who}, hash ${v.hash.slice(0, 12)}${v.path ? `, file ${v.path}` : ''}`;
}

function paramLines(node: PipelineNode): string[] {
  const def = defs.get(node.type);
  const names = [...new Set([...Object.keys(def?.params ?? {}), ...Object.keys(node.params)])];
  return names.map((name) => {
    const spec = def?.params[name];
    const given = Object.hasOwn(node.params, name);
    return `      ${spec?.label ?? name}: ${showValue(given ? node.params[name] : spec?.default)}${given ? '' : ' (default)'}`;
  });
}

function dataLines(record: RunRecord, doc: PipelineDocument, trainer: string | undefined): string[] {
  const upstream = trainer ? closure(doc, trainer, 'up') : new Set(Object.keys(record.nodes));
  const base = record.documentPath ? dirname(record.documentPath) : undefined;
  const lines: string[] = [];
  for (const node of doc.nodes) {
    if (!upstream.has(node.id)) continue;
    for (const f of record.nodes[node.id]?.inputFiles ?? []) {
      const path = isAbsolute(f.path) || !base ? f.path : resolve(base, f.path);
      lines.push(`      ${path}  fingerprint ${f.fingerprint}  (read by "${nodeName(node)}")`);
    }
  }
  return lines.length ? lines : ['      (no file read upstream of the training node is recorded in the run)'];
}

/** The lineage report of one registered version, line by line. */
export async function lineageReport(workspaceDir: string, lineage: Lineage): Promise<string[]> {
  const out = ['  lineage:'];
  const runs = new RunStore(resolve(workspaceDir, 'runs'));
  const record = lineage.runId ? await runs.get(lineage.runId) : undefined;
  if (!lineage.runId) out.push('    run:      unknown (the package names no run)');
  else if (!record)
    out.push(`    run:      ${lineage.runId}, not in ${runs.dir} (deleted, or the model was registered from another workspace; pass --workspace)`);
  else out.push(`    run:      ${record.runId} (${record.status}, started ${isoSeconds(record.startedAt)})`);
  const hash = lineage.pipelineHash ?? record?.documentHash;
  if (record) {
    const doc = record.document;
    const store = new VersionStore(workspaceDir);
    out.push(`    pipeline: "${doc.name}" (id ${doc.id})${record.documentPath ? `, file ${record.documentPath}` : ''}`);
    const version = hash ? await store.findByHash(doc.id, hash) : undefined;
    if (hash) out.push(versionLine(version, hash, doc.id, store));
    // The params as saved in that version; the run's own copy (node params upgraded) when none was saved.
    const trainer = (version?.document ?? doc).nodes.find((n) => n.id === lineage.nodeId);
    if (trainer)
      out.push(`    trained by "${nodeName(trainer)}" (${trainer.id}, ${defs.get(trainer.type)?.title ?? trainer.type}) with:`, ...paramLines(trainer));
    out.push('    data read:', ...dataLines(record, doc, trainer?.id));
  } else if (hash) out.push(`    version:  hash ${hash.slice(0, 12)} (without the run record the pipeline cannot be named)`);
  if (lineage.inputs.length) {
    out.push('    tables:');
    for (const i of lineage.inputs) out.push(`      ${i.role}: ${i.rows} rows, fingerprint ${i.fingerprint}`);
  }
  if (lineage.missing.length) out.push(`    unknown:  ${lineage.missing.join(', ')}`);
  return out;
}
