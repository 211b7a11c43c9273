/**
 * At the end of a run: records every data file its nodes read as a dataset version (profiled the
 * first time its content is seen), and links each model version the run registered to the versions
 * it was made from. Data files are those read into a table by a node with no table input (Import
 * dataset: its first table output is the file's content) and label sets (`labels/<set>.json`, the
 * Labels node's key file). Model files, registries and folders are not datasets.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { KeyMaterial } from '../cache/cache-reason.js';
import type { DataPlane } from '../data/data-plane.js';
import type { PipelineDocument } from '../document/schema.js';
import type { NodeRunRecord } from '../engine-types.js';
import { closure } from '../graph/graph-walk.js';
import { LINEAGE_FILE, type Lineage } from '../models/package/manifest.js';
import type { NodeDef } from '../node-def.js';
import type { ModelValue, TableValue } from '../values.js';
import { profileDatasetTable, profileLabelSet } from './dataset-profile.js';
import { DatasetStore, datasetId } from './dataset-store.js';
import type { DatasetModelLink, DatasetVersion, RunDatasetRef } from './dataset-types.js';
import type { EarlyProfiles } from './early-profiles.js';

export interface RunDatasetsInput {
  workspaceDir: string;
  data: DataPlane;
  defs: ReadonlyMap<string, NodeDef>;
  doc: PipelineDocument;
  nodes: Record<string, NodeRunRecord>;
  keys: ReadonlyMap<string, KeyMaterial>;
  resolvePath: (stored: string) => string;
  runId: string;
  startedAt: number;
}

/** What finding and profiling a node's data files needs (no run outcome yet). */
export type DatasetSource = Pick<RunDatasetsInput, 'workspaceDir' | 'data' | 'defs' | 'keys' | 'resolvePath'>;

export interface Candidate extends RunDatasetRef {
  path: string;
  fingerprint: string;
  kind: DatasetVersion['kind'];
  table?: string;
}

function isLabelSet(workspaceDir: string, path: string): boolean {
  const rel = relative(join(workspaceDir, 'labels'), path);
  return !rel.startsWith('..') && !rel.includes(sep) && rel.endsWith('.json');
}

/** The files of one node that are datasets, with the table holding each one's content. */
export function candidatesOf(input: DatasetSource, record: NodeRunRecord): Candidate[] {
  const def = input.defs.get(record.type);
  const material = input.keys.get(record.nodeId);
  if (!def || !material) return [];
  const tablePort = def.inputs.some((p) => p.kind === 'table') ? undefined : def.outputs.find((p) => p.kind === 'table')?.name;
  const out: Candidate[] = [];
  for (const [param, f] of Object.entries(material.files)) {
    const id = datasetId(f.fingerprint);
    if (!id) continue;
    const path = resolve(input.resolvePath(f.path));
    const base = { nodeId: record.nodeId, param, id, path, fingerprint: f.fingerprint };
    if (isLabelSet(resolve(input.workspaceDir), path)) out.push({ ...base, kind: 'label-set' });
    else if (tablePort) {
      const value = record.outputs?.[tablePort] as TableValue | undefined;
      out.push({ ...base, kind: 'table', ...(value?.kind === 'table' ? { table: value.table } : {}) });
    }
  }
  return out;
}

export async function profileOf(input: DatasetSource, c: Candidate) {
  if (c.kind === 'label-set') return profileLabelSet(c.path);
  if (!c.table || !(await input.data.tableExists(c.table))) return undefined;
  const conn = await input.data.connect();
  try {
    return await profileDatasetTable(conn, c.table);
  } finally {
    conn.close();
  }
}

/** Which dataset versions a registered model was made from: through its `model` input trained, through the others evaluated. */
function modelLinks(input: RunDatasetsInput, nodeId: string, used: Candidate[]): Map<string, Set<'train' | 'evaluation'>> {
  const roles = new Map<string, Set<'train' | 'evaluation'>>();
  for (const edge of input.doc.edges.filter((e) => e.target.node === nodeId)) {
    const role = edge.target.port === 'model' ? 'train' : 'evaluation';
    const above = closure(input.doc, edge.source.node, 'up');
    for (const c of used) if (above.has(c.nodeId)) roles.set(c.id, (roles.get(c.id) ?? new Set()).add(role));
  }
  return roles;
}

/**
 * The model versions this run registered: a registered model output whose package lineage names this
 * run, from a node fed by others (Registered model, with no input, only reads a version back; the
 * lineage's `nodeId` is the Train node's, so it cannot tell the registering node).
 */
async function registeredModels(input: RunDatasetsInput): Promise<{ nodeId: string; model: ModelValue; registry: string }[]> {
  const out = [];
  for (const record of Object.values(input.nodes)) {
    if (record.status !== 'done' || !input.doc.edges.some((e) => e.target.node === record.nodeId)) continue;
    for (const value of Object.values(record.outputs ?? {})) {
      const model = value as ModelValue;
      if (model.kind !== 'model' || !model.package || model.package.version < 1) continue;
      const lineage = await readFile(join(model.dir, LINEAGE_FILE), 'utf8').then(
        (t) => JSON.parse(t) as Lineage,
        () => undefined,
      );
      if (lineage?.runId === input.runId) out.push({ nodeId: record.nodeId, model, registry: dirname(dirname(model.dir)) });
    }
  }
  return out;
}

/**
 * Records the run's datasets and model links; returns what the run record keeps. Never throws:
 * a dataset record that cannot be written must not turn a good run into a failed one, so the
 * problem comes back as `error`.
 */
export async function recordRunDatasets(input: RunDatasetsInput, early?: EarlyProfiles): Promise<{ used: RunDatasetRef[]; error?: string }> {
  const used: Candidate[] = [];
  try {
    const store = new DatasetStore(input.workspaceDir);
    const pipelineName = input.doc.name;
    for (const record of Object.values(input.nodes)) {
      if (record.status !== 'done' && record.status !== 'cached') continue;
      for (const c of candidatesOf(input, record)) {
        // A profile started as the node finished (early-profiles.ts) is the same profile, taken sooner.
        const known = await store.has(c.fingerprint);
        const profile = known ? undefined : ((await early?.of(c.fingerprint)) ?? (await profileOf(input, c)));
        const use = { runId: input.runId, at: input.startedAt, nodeId: c.nodeId, pipelineName, status: record.status };
        await store.observe({ fingerprint: c.fingerprint, path: c.path, kind: c.kind, use, ...(profile ? { profile } : {}) });
        used.push(c);
      }
    }
    for (const { nodeId, model, registry } of await registeredModels(input)) {
      for (const [id, roles] of modelLinks(input, nodeId, used)) {
        const link: DatasetModelLink = { name: model.package!.name, version: model.package!.version, registry, roles: [...roles], runId: input.runId };
        await store.linkModel([id], link);
      }
    }
    return { used: used.map(({ nodeId, param, id }) => ({ nodeId, param, id })) };
  } catch (err) {
    return { used: used.map(({ nodeId, param, id }) => ({ nodeId, param, id })), error: `the dataset records were not updated: ${(err as Error).message}` };
  }
}
