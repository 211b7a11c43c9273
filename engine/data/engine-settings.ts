/**
 * DuckDB's memory settings for one workspace database: a memory limit, where it spills what does
 * not fit, and whether it may drop insertion order. Unset, DuckDB keeps its defaults (80% of RAM,
 * spilling to `<database>.tmp` beside the database file, which is inside the workspace).
 */

export interface DuckDBSettings {
  /** DuckDB's `memory_limit`, e.g. '2GB' or '512MB'. */
  memoryLimit?: string;
  /** DuckDB's `temp_directory`: where sorts, joins and tables beyond the limit spill. */
  spillDir?: string;
  /**
   * DuckDB's `preserve_insertion_order`. Left true unless set: split, head and paging results follow
   * table order, so dropping it would change cached results; set it false only for one-off runs
   * whose every table is ordered explicitly (it lets big CREATE TABLE AS spill less).
   */
  preserveInsertionOrder?: boolean;
}

/** Environment variables the engine process reads when no settings are passed in code. */
export const MEMORY_LIMIT_ENV = 'LIFECYCLE_STUDIO_MEMORY_LIMIT';
export const SPILL_DIR_ENV = 'LIFECYCLE_STUDIO_SPILL_DIR';
export const INSERTION_ORDER_ENV = 'LIFECYCLE_STUDIO_PRESERVE_INSERTION_ORDER';

const SIZE = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/** Settings from the environment; empty when none of the variables is set. */
export function settingsFromEnv(env: Record<string, string | undefined> = process.env): DuckDBSettings {
  const order = env[INSERTION_ORDER_ENV];
  return {
    ...(env[MEMORY_LIMIT_ENV] ? { memoryLimit: env[MEMORY_LIMIT_ENV] } : {}),
    ...(env[SPILL_DIR_ENV] ? { spillDir: env[SPILL_DIR_ENV] } : {}),
    ...(order ? { preserveInsertionOrder: !/^(false|0|no)$/i.test(order) } : {}),
  };
}

/** The settings as environment variables, for hosts that start the engine in a child process. */
export function settingsToEnv(settings: DuckDBSettings): Record<string, string> {
  return {
    ...(settings.memoryLimit ? { [MEMORY_LIMIT_ENV]: settings.memoryLimit } : {}),
    ...(settings.spillDir ? { [SPILL_DIR_ENV]: settings.spillDir } : {}),
    ...(settings.preserveInsertionOrder !== undefined ? { [INSERTION_ORDER_ENV]: String(settings.preserveInsertionOrder) } : {}),
  };
}

/** Checks a memory limit's form before DuckDB sees it, so the error names the setting. */
export function checkMemoryLimit(value: string): string {
  if (!SIZE.test(value)) {
    throw new Error(
      `memory limit "${value}" is not a size; give a number and a unit, e.g. 2GB or 512MB (--memory-limit, ${MEMORY_LIMIT_ENV} or the engine's duckdb.memoryLimit)`,
    );
  }
  return value.replace(/\s+/g, '');
}

/** DuckDB configuration options (as `DuckDBInstance.create` takes them) for the settings. */
export function duckdbConfig(settings: DuckDBSettings = {}): Record<string, string> {
  return {
    ...(settings.memoryLimit ? { memory_limit: checkMemoryLimit(settings.memoryLimit) } : {}),
    ...(settings.spillDir ? { temp_directory: settings.spillDir } : {}),
    ...(settings.preserveInsertionOrder !== undefined ? { preserve_insertion_order: String(settings.preserveInsertionOrder) } : {}),
  };
}
