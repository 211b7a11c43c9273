/** Folders the e2e tests use. */
import { fileURLToPath } from 'node:url';

export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
export const SAMPLES_DIR = fileURLToPath(new URL('../../pipelines-samples/', import.meta.url));
