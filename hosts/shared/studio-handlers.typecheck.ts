/**
 * Compile-time proof, checked by `tsc -p tsconfig.json` (npm run typecheck): the handler map must
 * answer exactly the declared requests. Each `@ts-expect-error` below fails the typecheck if the
 * line under it ever compiles, i.e. if a missing or an undeclared handler slipped through.
 */
import type { StudioHandlers } from './studio-handlers.js';

declare const handlers: StudioHandlers;
const { allowFolder: _dropped, ...withoutAllowFolder } = handlers;

// @ts-expect-error a declared request (allowFolder) without a handler
export const missingHandler: StudioHandlers = { ...withoutAllowFolder };

// @ts-expect-error a handler for a request the table does not declare
export const undeclaredHandler = { ...handlers, deleteWorkspace: async () => true } satisfies StudioHandlers;

// A handler whose arguments differ from the declaration is refused too.
// @ts-expect-error allowFolder takes (folder: string, documentPath: string), not a number
export const wrongArgs: StudioHandlers = { ...handlers, allowFolder: async (folder: number) => [String(folder)] };

// And one whose result differs.
// @ts-expect-error allowFolder resolves to string[], not a number
export const wrongResult: StudioHandlers = { ...handlers, allowFolder: async () => 1 };
