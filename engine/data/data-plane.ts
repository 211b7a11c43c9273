/**
 * The data plane: one embedded DuckDB database per workspace. Tables flowing between nodes live
 * here, so the window pages through them with SQL instead of holding them in memory.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo, TableValue } from '../values.js';

export type SqlParam = string | number | boolean | null;

export interface DataPlane {
  /** Runs statements that return nothing useful (CREATE, INSERT, DROP). */
  run(sql: string, params?: SqlParam[]): Promise<void>;
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
   * so the window's page requests do not queue behind a long profile or a running node.
   */
  connect(): Promise<DataPlane>;
  /** Closes this connection; closing the plane `openDataPlane` returned also closes the database. */
  close(): void;
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
 *
 * @example
 * const data = await openDataPlane('/work/.lifecycle-studio/data.duckdb');
 * const rows = await data.all('select 42 as answer');
 */
export async function openDataPlane(path: string): Promise<DataPlane> {
  const instance = await DuckDBInstance.create(path, NO_EXTENSION_DOWNLOADS);
  return wrapConnection(instance, await instance.connect(), true);
}

/** DuckDB must never fetch or load an extension on its own: a query naming one would go to the network. */
export const NO_EXTENSION_DOWNLOADS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };

/** A `DataPlane` over one connection; `ownsInstance` closes the database with it. */
export function wrapConnection(instance: DuckDBInstance, connection: DuckDBConnection, ownsInstance: boolean): DataPlane {
  const all = async <T>(sql: string, params?: SqlParam[]): Promise<T[]> => {
    const reader = await connection.runAndReadAll(sql, params as DuckDBValue[] | undefined);
    const rows = reader.getRowObjects();
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
      return out as T;
    });
  };

  const columns = async (table: string): Promise<ColumnInfo[]> => {
    const rows = await all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(table)}`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  };

  return {
    connection,
    run: async (sql, params) => {
      await connection.run(sql, params as DuckDBValue[] | undefined);
    },
    all,
    columns,
    describe: async (table) => {
      const [{ n }] = await all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
      return { kind: 'table', table, rowCount: n, columns: await columns(table) };
    },
    dropTable: async (table) => {
      await connection.run(`DROP TABLE IF EXISTS ${ident(table)}`);
    },
    tableExists: async (table) => {
      const rows = await all(`SELECT 1 FROM duckdb_tables() WHERE table_name = ?`, [table]);
      return rows.length > 0;
    },
    connect: async () => wrapConnection(instance, await instance.connect(), false),
    close: () => {
      connection.closeSync();
      if (ownsInstance) instance.closeSync();
    },
  };
}
