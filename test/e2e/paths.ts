/** Folders the e2e tests use. */
import { fileURLToPath } from 'node:url';

export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
export const SAMPLES_DIR = fileURLToPath(new URL('../../pipelines-samples/', import.meta.url));
/** The real datasets beside the project (see ../shared/data/README.md). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
