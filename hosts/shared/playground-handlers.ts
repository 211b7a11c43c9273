/**
 * The `promptPlayground` request, host side: the same path check, allowed folders, allowed hosts and
 * secrets as `startRun`, handed to the engine, whose Prompt node renders and calls. The answer goes
 * back to the window with every secret value the call could use cut out of its text, whatever a
 * server put in an error message.
 */
import type { StudioRequests } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';

type Handler<N extends keyof StudioRequests> = (...args: StudioRequests[N]['args']) => Promise<StudioRequests[N]['result']>;

export interface PlaygroundHandlerDeps {
  engine: EngineApi;
  /** The host's path policy for a pipeline path the window names. */
  checkPath: (path: string) => Promise<string>;
  /** The folders a run of that pipeline may use; undefined without a workspace (no confinement). */
  rootsFor: (documentPath: string | undefined) => Promise<string[] | undefined>;
  /** The hosts the user allowed for that pipeline, plus the session's. */
  hostsFor: (documentPath: string | undefined) => Promise<string[]>;
  /** Secret values by name for the document's secret params (keychain over environment), as for a run. */
  secretsFor: (document: PipelineDocument) => Promise<Record<string, string>>;
}

/** `value` with each of `secrets` (non-empty) replaced in every string, at any depth. */
export function withoutSecretValues<T>(value: T, secrets: readonly string[]): T {
  const cut = secrets.filter((s) => s.length >= 4);
  if (!cut.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return cut.reduce((text, s) => text.replaceAll(s, '[redacted secret]'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

export function createPlaygroundHandlers(deps: PlaygroundHandlerDeps): { promptPlayground: Handler<'promptPlayground'> } {
  return {
    promptPlayground: async (document, nodeId, request, documentPath) => {
      const checked = documentPath ? await deps.checkPath(documentPath) : undefined;
      const allowedRoots = await deps.rootsFor(checked);
      const allowedHosts = allowedRoots ? await deps.hostsFor(checked) : undefined;
      const secrets = await deps.secretsFor(document);
      const answer = await deps.engine.promptPlayground(document, nodeId, request, { documentPath: checked, allowedRoots, allowedHosts, secrets });
      return withoutSecretValues(answer, Object.values(secrets));
    },
  };
}
