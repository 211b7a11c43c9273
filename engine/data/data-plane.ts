/**
 * The data plane: one embedded DuckDB database per workspace. Tables flowing between nodes live
 * here, so the window pages through them with SQL instead of holding them in memory.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo, TableValue } from '../values.js';
import { trackCalls } from './call-tracker.js';
import { duckdbConfig, type DuckDBSettings } from './engine-settings.js';
import { StatementLock } from './statement-lock.js';
import { runStatement, type SqlParam, type StatementOptions } from './statement.js';

export type { SqlParam, StatementOptions };

export interface ConnectOptions {
  /**
   * A connection a node runs on (the engine opens one per running node). Its statements wait while
   * another node holds the database `alone` to change a database-wide setting.
   */
  node?: boolean;
}

export interface DataPlane {
  /**
   * Runs statements that return nothing useful (CREATE, INSERT, DROP). With `{ signal, onProgress }`
   * the statement is cancellable (abort interrupts it inside DuckDB, on this connection only) and
   * reports DuckDB's progress for this connection only; see `StatementOptions`.
   */
  run(sql: string, params?: SqlParam[] | StatementOptions): Promise<void>;
  /** Runs a query and returns plain row objects; BIGINT/HUGEINT become numbers when safe. */
  all<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Reads a table's columns and row count into a `TableValue`. */
  describe(table: string): Promise<TableValue>;
  columns(table: string): Promise<ColumnInfo[]>;
  dropTable(table: string): Promise<void>;
  tableExists(table: string): Promise<boolean>;
  /** The underlying connection, for bulk reads (training pulls columns into Float32Arrays). */
  readonly connection: DuckDBConnection;
  /**
   * Another connection on the same database. Queries on separate connections run side by side,
   * so the window's page requests do not queue behind a long profile or a running node. Settings
   * DuckDB keeps per connection (`enable_progress_bar`, `SET SESSION preserve_insertion_order`)
   * stay on the connection that set them.
   */
  connect(options?: ConnectOptions): Promise<DataPlane>;
  /**
   * Runs `fn` while no other node connection runs a statement, holding theirs back until it ends:
   * the way to change a database-wide setting (`SET threads`, which DuckDB refuses per session)
   * without it reaching another node. Statements on this connection pass.
   */
  alone<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /**
   * DuckDB's `threads` setting, read once per database and then remembered: `setThreads` keeps it
   * current, and a statement through `run` that names the setting makes it read again.
   */
  threadSetting(): Promise<number>;
  /** Sets DuckDB's database-wide `threads` (inside `alone`, see `withOneThread`). */
  setThreads(threads: number): Promise<void>;
  /**
   * Whether no other node's connection is open: then a statement run on one thread (`withOneThread`)
   * holds no other node back. The engine opens a node connection per running node.
   */
  soleNode(): boolean;
  /** How many connections to this database are open through these wrappers (all of them, this one included). */
  openConnections(): number;
  /**
   * Closes this connection, once the statements still running on it have ended (DuckDB's closeSync under
   * a running statement crashes the process); closing the plane `openDataPlane` returned also closes the database.
   */
  close(): void;
}

/** What every connection to one database shares: the lock for database-wide settings, the open count. */
export interface DatabaseShared {
  readonly lock: StatementLock;
  open: number;
  /** Of those, the node connections. */
  nodes: number;
  /** DuckDB's `threads` setting once read (`threadSetting`): asking cost a statement each time a small write went to one thread. */
  threads?: Promise<number>;
}

export function newDatabaseShared(): DatabaseShared {
  return { lock: new StatementLock(), open: 0, nodes: 0 };
}

/** Quotes an identifier for DuckDB SQL; every user-supplied column name must pass through here. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB SQL. Prefer bound params; this is for DDL that cannot bind. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function toPlain(value: DuckDBValue | unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    // DuckDB wraps dates, decimals, lists and structs; their toString is the readable form.
    if (Array.isArray(value)) return value.map(toPlain);
    const v = value as { toDouble?: () => number; toString(): string };
    if (typeof v.toDouble === 'function') return v.toDouble();
    return v.toString();
  }
  return value;
}

/**
 * Opens (or creates) the workspace database. `path` ':memory:' gives a throwaway database for tests.
 * `settings` bound its memory and say where it spills (`engine-settings.ts`); unset, DuckDB's defaults.
 *
 * @example
 * const data = await openDataPlane('/work/.lifecycle-studio/data.duckdb');
 * const rows = await data.all('select 42 as answer');
 */
export async function openDataPlane(path: string, settings?: DuckDBSettings): Promise<DataPlane> {
  const instance = await DuckDBInstance.create(path, databaseConfig(settings));
  return wrapConnection(instance, await instance.connect(), { ownsInstance: true, shared: newDatabaseShared() });
}

/** DuckDB must never fetch or load an extension on its own: a query naming one would go to the network. */
export const NO_EXTENSION_DOWNLOADS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };

/**
 * The storage format of a database file DuckDB creates. Its default, v0.10.2, keeps new files
 * readable by DuckDB 0.10; the workspace database is only ever opened by the DuckDB this app ships,
 * and v1.5's format writes a table for less: importing kddcup 10% (494,021 rows x 42) into a new
 * file cost 0.07-0.15 s less processor time of a 1.1 s statement (bench/measured/import-profile.md).
 * A file already on disk keeps the format it was created with, and opens as before.
 */
export const NEW_FILE_STORAGE = { storage_compatibility_version: 'v1.5.0' };

/** Settings for opening the workspace database (or a test's). */
export function databaseConfig(settings?: DuckDBSettings): Record<string, string> {
  return { ...NO_EXTENSION_DOWNLOADS, ...NEW_FILE_STORAGE, ...duckdbConfig(settings) };
}

export interface WrapOptions extends ConnectOptions {
  /** Close the database with this connection. */
  ownsInstance: boolean;
  shared: DatabaseShared;
}

/** A statement that may change DuckDB's `threads` setting (SET, RESET, PRAGMA naming it): the remembered value is read again. */
const NAMES_THREADS = /^\s*(SET|RESET|PRAGMA)\b[^;]*\bthreads\b/i;

/** A `DataPlane` over one connection. */
export function wrapConnection(instance: DuckDBInstance, raw: DuckDBConnection, options: WrapOptions): DataPlane {
  const { shared } = options;
  const tracked = trackCalls(raw);
  const { connection } = tracked;
  shared.open++;
  if (options.node) shared.nodes++;
  // A node's statements take a shared place, so a node changing a database-wide setting runs alone.
  // Counted from the call, not from when the lock lets it reach DuckDB: a close in between waits for it.
  const held = <T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> =>
    tracked.around(
      (async () => {
        const release = options.node ? await shared.lock.statement(connection, signal) : undefined;
        try {
          return await work();
        } finally {
          release?.();
        }
      })(),
    );
  const all = <T>(sql: string, params?: SqlParam[]): Promise<T[]> =>
    held(async () => {
      const reader = await connection.runAndReadAll(sql, params as DuckDBValue[] | undefined);
      return reader.getRowObjects().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
        return out as T;
      });
    });

  const columns = async (table: string): Promise<ColumnInfo[]> => {
    const rows = await all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(table)}`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  };
  let closed = false;

  return {
    connection,
    run: (sql, params) => {
      const statement: StatementOptions = Array.isArray(params) ? { params } : (params ?? {});
      if (NAMES_THREADS.test(sql)) shared.threads = undefined;
      return held(() => runStatement(connection, sql, statement), statement.signal);
    },
    all,
    columns,
    describe: async (table) => {
      // Two statements: DESCRIBE as a subquery (to add the count in one) lost the column order of a
      // 10,000-column table.
      const [{ n }] = await all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
      return { kind: 'table', table, rowCount: n, columns: await columns(table) };
    },
    dropTable: (table) => held(async () => void (await connection.run(`DROP TABLE IF EXISTS ${ident(table)}`))),
    tableExists: async (table) => {
      const rows = await all(`SELECT 1 FROM duckdb_tables() WHERE table_name = ?`, [table]);
      return rows.length > 0;
    },
    connect: async (connectOptions) => wrapConnection(instance, await instance.connect(), { ...connectOptions, ownsInstance: false, shared }),
    alone: async (fn, signal) => {
      const release = await shared.lock.alone(connection, signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    openConnections: () => shared.open,
    threadSetting: () => {
      shared.threads ??= all<{ t: unknown }>(`SELECT current_setting('threads') AS t`).then(([{ t }]) => Number(t));
      // A failed read is not remembered.
      shared.threads.catch(() => (shared.threads = undefined));
      return shared.threads;
    },
    setThreads: async (threads) => {
      await held(async () => void (await connection.run(`SET threads = ${Math.floor(threads)}`)));
      shared.threads = Promise.resolve(Math.floor(threads));
    },
    soleNode: () => shared.nodes - (options.node ? 1 : 0) === 0,
    close: () => {
      if (closed) return;
      closed = true;
      shared.open--;
      if (options.node) shared.nodes--;
      const end = () => {
        raw.closeSync();
        if (options.ownsInstance) instance.closeSync();
      };
      // A statement still running here would crash the process on closeSync (call-tracker.ts).
      if (tracked.pending() === 0) end();
      else void tracked.idle().then(end);
    },
  };
}
