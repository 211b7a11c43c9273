/**
 * The model registry requests (`listModels`, `showModel`, `setModelStage`), answered by the host
 * from the workspace's registry on disk. Names and versions arrive validated (engine/requests/
 * model-args.ts); they are checked again here, because they become folder names.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudioRequests } from '../../../engine/contract.js';
import type { PackageManifest } from '../../../engine/models/package/manifest.js';
import type { ModelPackage } from '../../../engine/models/package/read-package.js';
import { listModels, promoteModel, showModel, type Stage } from '../../../engine/models/registry.js';
import type { GateView, ModelVersionDetail, ModelVersionSummary, RegisteredModel } from '../../../engine/models/registry-views.js';
import { MODEL_NAME_PATTERN } from '../../../engine/requests/model-args.js';
import { HostError } from '../host-error.js';
import { referenceView } from './reference-view.js';

type Handler<K extends 'listModels' | 'showModel' | 'setModelStage'> = (...args: StudioRequests[K]['args']) => Promise<StudioRequests[K]['result']>;

export interface ModelHandlers {
  listModels: Handler<'listModels'>;
  showModel: Handler<'showModel'>;
  setModelStage: Handler<'setModelStage'>;
}

/** A card larger than this is not sent to the window (the file stays in the package). */
const MAX_CARD_CHARS = 512 * 1024;

function checkName(name: string): void {
  if (!MODEL_NAME_PATTERN.test(name)) {
    throw new HostError('BAD_REQUEST', `model name "${name}" is not allowed: use letters, digits, ".", "_" or "-" (up to 64, starting with a letter or digit)`);
  }
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1) throw new HostError('BAD_REQUEST', `model version ${String(version)} is not allowed: expected 1, 2, 3...`);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

type MetricsFile = { metrics?: Record<string, number>; gate?: GateView };

/** A version's row from its manifest and metrics only: listing must not hash every weights file. */
async function summarise(dir: string, version: number, stage: Stage): Promise<ModelVersionSummary> {
  try {
    const manifest = await readJson<PackageManifest>(join(dir, 'manifest.json'));
    if (!manifest) return { version, stage, metrics: {}, problem: `manifest.json is missing from ${dir}` };
    const metrics = await readJson<MetricsFile>(join(dir, 'metrics.json'));
    return {
      version,
      stage,
      created: manifest.created,
      task: manifest.task,
      target: manifest.target,
      metrics: metrics?.metrics ?? {},
      gatePassed: metrics?.gate?.passed,
    };
  } catch (err) {
    return { version, stage, metrics: {}, problem: `cannot read version ${version} in ${dir}: ${(err as Error).message}` };
  }
}

async function cardOf(pkg: Pick<ModelPackage, 'file'>): Promise<ModelVersionDetail['card']> {
  const text = async (name: string) => {
    const path = pkg.file(name);
    if (!path) return undefined;
    const body = await readFile(path, 'utf8');
    return body.length > MAX_CARD_CHARS ? `${body.slice(0, MAX_CARD_CHARS)}\n\n(cut: the card is longer than ${MAX_CARD_CHARS} characters; see ${path})` : body;
  };
  const [markdown, html] = await Promise.all([text('model-card.md'), text('model-card.html')]);
  return markdown === undefined && html === undefined ? undefined : { markdown, html };
}

/**
 * Handlers over the registry at `root()` (read per request: the workspace is the host's).
 *
 * @example
 * const models = createModelHandlers(async () => join(workspaceDir, 'models'));
 * await models.setModelStage('adult', 2, 'production');
 */
export function createModelHandlers(root: () => Promise<string>): ModelHandlers {
  return {
    listModels: async () => {
      const models = await listModels(await root());
      const out: RegisteredModel[] = [];
      for (const m of models)
        out.push({
          name: m.name,
          versions: await Promise.all(
            m.versions.map(async (v) => ({ ...(await summarise(v.dir, v.version, v.stage)), ...(v.reason ? { reason: v.reason } : {}) })),
          ),
        });
      return out;
    },
    showModel: async (name, version) => {
      checkName(name);
      checkVersion(version);
      const shown = await showModel(await root(), name, version);
      const pkg = shown.package;
      return {
        name,
        version: shown.version,
        stage: shown.stage,
        ...(shown.reason ? { reason: shown.reason } : {}),
        hash: pkg.hash,
        manifest: pkg.manifest,
        metrics: pkg.metrics?.metrics ?? {},
        gate: pkg.metrics?.gate,
        lineage: pkg.lineage,
        card: await cardOf(pkg),
        reference: pkg.referenceStats && referenceView(pkg.referenceStats),
        files: pkg.manifest.files,
      };
    },
    setModelStage: async (name, version, stage) => {
      checkName(name);
      checkVersion(version);
      return promoteModel(await root(), name, version, stage);
    },
  };
}
