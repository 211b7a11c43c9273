/**
 * Compile-time proof, checked by `tsc -p tsconfig.json`: EngineApi and the process protocol follow
 * the engine request table. Each `@ts-expect-error` fails the typecheck if the line under it compiles.
 */
import type { EngineApi } from '../engine-types.js';
import type { EngineRequestArgs } from '../process/protocol.js';

declare const engine: EngineApi;
const { page: _dropped, ...withoutPage } = engine;

// @ts-expect-error an engine lacking a declared method (page) is not an EngineApi
export const missingMethod: EngineApi = withoutPage;

// @ts-expect-error the wire carries no request the table does not declare
export const undeclaredRequest: EngineRequestArgs['dropTables'] = [];

// The wire arguments follow the declared signature: getRun takes a run id.
// @ts-expect-error getRun's argument is a string
export const wrongArgs: EngineRequestArgs['getRun'] = [42];
