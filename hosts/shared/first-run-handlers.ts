/**
 * The first-run requests: the samples gallery (each sample's description and graph shape) and the
 * pre-run check (what a pipeline needs that is missing, with the fix), answered with the folders,
 * addresses and secrets a run from this window would get.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { parsePipeline } from '../../engine/document/parse.js';
import type { NodeCatalog } from '../../engine/graph/connection-rules.js';
import type { PreRunCheck } from '../../engine/pre-run-types.js';
import type { SampleCard } from '../../engine/sample-gallery-types.js';
import { preRunProblems } from '../../engine/security/pre-run-check.js';
import { bySampleOrder } from './sample-order.js';

export interface FirstRunDeps {
  samplesDir?: string;
  /** The node catalogue; without it the check finds nothing (it cannot tell file params). */
  catalog?: NodeCatalog;
  /** A window-named path checked as for any read (PATH_REFUSED otherwise). */
  checkPath(path: string): Promise<string>;
  rootsFor(documentPath: string | undefined): Promise<string[] | undefined>;
  hostsFor(documentPath: string | undefined): Promise<string[]>;
  hasSecret(name: string): Promise<boolean>;
  secretStore(): { writable: boolean; reason?: string };
}

const SUFFIX = '.pipeline.json';

/** Every sample of `dir` as a gallery card, in the gallery's order (sample-order.ts); a file that does not parse is left out. */
export async function listSampleCards(dir: string): Promise<SampleCard[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(SUFFIX));
  const cards = await Promise.all(
    names.map(async (n): Promise<SampleCard | undefined> => {
      const path = join(dir, n);
      const { document } = parsePipeline(await readFile(path, 'utf8'));
      if (!document) return undefined;
      return {
        name: document.name,
        path,
        description: document.description ?? '',
        nodes: document.nodes.map((node) => ({ id: node.id, type: node.type, x: node.position.x, y: node.position.y })),
        edges: document.edges.map((e) => ({ source: e.source.node, target: e.target.node })),
      };
    }),
  );
  return cards.filter((c): c is SampleCard => c !== undefined).sort(bySampleOrder);
}

/** The handlers of `sampleGallery` and `preRunCheck`. */
export function createFirstRunHandlers(deps: FirstRunDeps) {
  return {
    sampleGallery: async (): Promise<SampleCard[]> => (deps.samplesDir ? listSampleCards(deps.samplesDir) : []),
    preRunCheck: async (document: PipelineDocument, documentPath: string | undefined): Promise<PreRunCheck> => {
      const checked = documentPath ? await deps.checkPath(documentPath) : undefined;
      const roots = await deps.rootsFor(checked);
      const problems = deps.catalog
        ? await preRunProblems(document, deps.catalog, {
            documentPath: checked,
            roots,
            // As startRun: addresses are checked only where folders are (a host with a workspace).
            allowedHosts: roots ? await deps.hostsFor(checked) : undefined,
            hasSecret: deps.hasSecret,
          })
        : [];
      return { problems, secretStore: deps.secretStore() };
    },
  };
}
