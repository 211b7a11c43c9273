// Types of cli/bundle.mjs (plain JavaScript: bin.mjs loads it before any TypeScript loader exists).

/** Entry name -> absolute path of the built `.mjs`. */
export type BuiltEntries = Record<string, string>;

export const BUNDLE_DIR: string;
export const CLI_ENTRIES: Record<string, string>;

export function buildBundle(options?: { root?: string; outDir?: string; entries?: Record<string, string> }): Promise<BuiltEntries>;

export function freshBundle(options?: { root?: string; outDir?: string }): BuiltEntries | undefined;
