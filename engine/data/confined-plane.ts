/**
 * The workspace database, confined to the folders of the current run. DuckDB fixes
 * `allowed_directories` once `enable_external_access` is off, and refuses to turn access back on
 * while the database is open (neither a query nor the engine can lift it), so confining a
 * long-lived engine to another run's folders means closing and reopening the database. The
 * facades handed out stay valid across a reopen: they point at the current connection.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { sep } from 'node:path';
import type { DuckDBSettings } from './engine-settings.js';
import { databaseConfig, literal, newDatabaseShared, wrapConnection, type ConnectOptions, type DataPlane } from './data-plane.js';

export interface ConfinedDataPlane extends DataPlane {
  /**
   * Reopens the database so DuckDB reaches only files under `dirs` (undefined: no confinement).
   * Every query on every facade must have finished; `ConfinementGate` sees to that.
   */
  reopen(dirs: readonly string[] | undefined): Promise<void>;
}

interface Slot {
  inner: DataPlane;
  options: ConnectOptions;
}

/** `SET` statements that confine an open database to `dirs`, the order DuckDB requires. */
export function confineStatements(dirs: readonly string[]): string[] {
  // A trailing separator, so /data allows /data/x but not /database/x.
  const list = [...new Set(dirs)].map((d) => literal(d.endsWith(sep) ? d : d + sep)).join(', ');
  return [`SET allowed_directories = [${list}]`, 'SET enable_external_access = false'];
}

/**
 * Opens (or creates) the workspace database at `path`, unconfined until the first `reopen`.
 *
 * @example
 * const data = await openConfinedDataPlane(join(ws, 'data.duckdb'));
 * await data.reopen([ws, '/home/ana/pipes']);
 */
export async function openConfinedDataPlane(path: string, settings?: DuckDBSettings): Promise<ConfinedDataPlane> {
  // Memory settings go with every reopen: they are the database's, not one instance's.
  const config = databaseConfig(settings);
  let instance = await DuckDBInstance.create(path, config);
  // One lock and one open count across reopens: they describe the workspace database, not an instance.
  const shared = newDatabaseShared();
  const main: Slot = { inner: wrapConnection(instance, await instance.connect(), { ownsInstance: true, shared }), options: {} };
  const others = new Set<Slot>();

  const facade = (slot: Slot, isMain: boolean): DataPlane => ({
    get connection() {
      return slot.inner.connection;
    },
    run: (sql, params) => slot.inner.run(sql, params),
    all: (sql, params) => slot.inner.all(sql, params),
    describe: (table) => slot.inner.describe(table),
    columns: (table) => slot.inner.columns(table),
    dropTable: (table) => slot.inner.dropTable(table),
    tableExists: (table) => slot.inner.tableExists(table),
    alone: (fn, signal) => slot.inner.alone(fn, signal),
    soleNode: () => slot.inner.soleNode(),
    threadSetting: () => slot.inner.threadSetting(),
    setThreads: (threads) => slot.inner.setThreads(threads),
    openConnections: () => shared.open,
    connect: async (options = {}) => {
      const child: Slot = { inner: wrapConnection(instance, await instance.connect(), { ...options, ownsInstance: false, shared }), options };
      others.add(child);
      return facade(child, false);
    },
    close: () => {
      if (!isMain) {
        others.delete(slot);
        slot.inner.close();
        return;
      }
      for (const o of others) o.inner.close();
      others.clear();
      slot.inner.close();
    },
  });

  const reopen = async (dirs: readonly string[] | undefined) => {
    for (const o of others) o.inner.close();
    main.inner.close();
    instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    for (const statement of dirs ? confineStatements(dirs) : []) await connection.run(statement);
    main.inner = wrapConnection(instance, connection, { ownsInstance: true, shared });
    for (const o of others) o.inner = wrapConnection(instance, await instance.connect(), { ...o.options, ownsInstance: false, shared });
  };

  // Not a spread: that would copy the `connection` getter's current value, stale after a reopen.
  return Object.assign(facade(main, true), { reopen });
}
