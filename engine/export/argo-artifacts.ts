/**
 * How values travel between the tasks of an exported workflow. With an S3 prefix: each output port
 * is an Argo artifact (a key-only S3 artifact: bucket, endpoint and credentials come from the
 * cluster's artifact repository), and each input an artifact taken from the upstream task. Without:
 * every task mounts one volume, writes to /artifacts/<task>/ and reads its inputs from there.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { NodeDef } from '../node-def.js';
import { argoName } from './argo-names.js';

export const VOLUME_PATH = '/artifacts';
const IN = '/work/in';
const OUT = '/work/out';

export type ArtifactsPlan = { kind: 's3'; bucket: string; prefix: string } | { kind: 'volume' };

/** `s3://bucket/some/prefix` -> its bucket and prefix; absent -> a shared volume. */
export function parseArtifactsUri(uri: string | undefined): ArtifactsPlan {
  if (uri === undefined) return { kind: 'volume' };
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`--artifacts "${uri}" is not an S3 location; expected s3://bucket/prefix (or leave it out for a shared volume)`);
  return { kind: 's3', bucket: m[1], prefix: (m[2] ?? '').replace(/\/+$/, '') };
}

const inName = (port: string) => argoName(`in-${port}`);
const outName = (port: string) => argoName(`out-${port}`);

/** The artifacts, run-node arguments and outputs folder of one node's task. */
export function argoArtifacts(plan: ArtifactsPlan, doc: PipelineDocument, tasks: ReadonlyMap<string, string>, nodeId: string, def?: NodeDef) {
  const task = tasks.get(nodeId)!;
  const wired = doc.edges.filter((e) => e.target.node === nodeId);
  if (plan.kind === 'volume') {
    return {
      outputsDir: `${VOLUME_PATH}/${task}`,
      args: wired.flatMap((e) => ['--input', `${e.target.port}=${VOLUME_PATH}/${tasks.get(e.source.node)}/${e.source.port}`]),
      inputs: [] as object[],
      outputs: [] as object[],
      arguments: [] as object[],
    };
  }
  // Optional: a failed step writes no outputs, and Argo would otherwise turn its failure into an error (and retry it).
  const key = (port: string) => [plan.prefix, '{{workflow.name}}', task, `${port}.tgz`].filter(Boolean).join('/');
  return {
    outputsDir: OUT,
    args: wired.length ? ['--inputs', IN] : [],
    inputs: wired.map((e) => ({ name: inName(e.target.port), path: `${IN}/${e.target.port}` })),
    outputs: (def?.outputs ?? []).map((p) => ({ name: outName(p.name), path: `${OUT}/${p.name}`, s3: { key: key(p.name) }, optional: true })),
    arguments: wired.map((e) => ({ name: inName(e.target.port), from: `{{tasks.${tasks.get(e.source.node)}.outputs.artifacts.${outName(e.source.port)}}}` })),
  };
}
