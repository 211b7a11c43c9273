/**
 * The request table (engine/requests/studio-requests.ts) is the one declaration of the StudioApi:
 * the handlers and the payload checks must follow it. (Compile-time half:
 * studio-handlers.typecheck.ts; the names' bundle: engine/requests/request-names.test.ts.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIO_REQUEST_NAMES } from '../../engine/contract-names.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { HostError } from './host-error.js';
import { validateArgs } from './payload-schemas.js';
import { createStudioHandlers } from './studio-handlers.js';
import { schemaKit } from '../../engine/requests/schema-kit.js';
import { STUDIO_REQUESTS } from '../../engine/requests/studio-requests.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called here`)),
});

let configDir: string;
beforeAll(async () => (configDir = await mkdtemp(join(tmpdir(), 'requests-'))));
afterAll(() => rm(configDir, { recursive: true, force: true }));

describe('the request table', () => {
  it('declares exactly the requests the handlers answer', () => {
    const { handlers } = createStudioHandlers({
      engine: noEngine,
      engineInfo: async () => ({ tfBackend: 'cpu', versions: {}, workspaceDir: configDir }),
      configDir,
      emit: () => {},
    });
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(STUDIO_REQUESTS).sort());
    expect(STUDIO_REQUEST_NAMES).toEqual(Object.keys(STUDIO_REQUESTS));
  });

  it('gives every declared request a payload check, and none to an undeclared one', () => {
    for (const name of STUDIO_REQUEST_NAMES) {
      // A non-array is refused by the request's own check, which names the request.
      expect(() => validateArgs(name, 'not a list')).toThrow(`${name}: expected an array of arguments`);
    }
    expect(() => validateArgs('deleteWorkspace' as never, [])).toThrow(new HostError('BAD_REQUEST', 'unknown request "deleteWorkspace"'));
  });

  it('parses the documents where the table declares them: the five requests that took one before the table', () => {
    const notADocument = { format: 'lifecycle-studio.pipeline', nodes: 'none' };
    const secondArg: Record<string, unknown> = { startRun: {} };
    for (const name of ['savePipeline', 'exportPipeline', 'saveRecovery', 'startRun', 'plan'] as const) {
      expect(() => validateArgs(name, [notADocument, secondArg[name]]), name).toThrow(expect.objectContaining({ code: 'DOCUMENT_INVALID' }));
    }
    // validatePipeline takes any value on purpose: it reports the issues instead of refusing.
    expect(validateArgs('validatePipeline', [notADocument])).toEqual([notADocument]);
  });

  it('refuses a document schema nested below the top level, so it cannot pass a document unchecked', () => {
    const nested = schemaKit.z.strictObject({ document: schemaKit.document });
    const parsed = nested.safeParse({ document: {} });
    expect(parsed.error?.issues[0].message).toBe('a pipeline document can only be a top-level argument of a request');
  });
});
