/**
 * Where the two datasets come from: the reference as a table or a model package's stored statistics,
 * the current data as a table or an endpoint's prediction log over the chosen window.
 */
import { ident } from '../../engine/data/data-plane.js';
import { readModelPackage, type ModelPackage } from '../../engine/models/package/read-package.js';
import type { ColumnProfile } from '../../engine/monitor/compare.js';
import { referenceProfiles, tableProfiles } from '../../engine/monitor/profiles.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { EndpointValue, ModelValue, TableValue } from '../../engine/values.js';
import { writeLogTable } from './log-table.js';
import { readPredictionLog, type LogWindow } from './prediction-log.js';

export interface Reference {
  profiles: ColumnProfile[];
  rows: number;
  describe: string;
  target?: string;
  metrics?: Record<string, number>;
}

async function openPackage(model: ModelValue): Promise<ModelPackage | undefined> {
  try {
    return await readModelPackage(model.dir);
  } catch {
    return undefined;
  }
}

export async function loadReference(ctx: RunContext, table: TableValue | undefined, model: ModelValue | undefined): Promise<Reference> {
  const pkg = model ? await openPackage(model) : undefined;
  const target = pkg?.manifest.target ?? model?.target;
  const metrics = pkg?.metrics?.metrics;
  if (table) {
    return {
      profiles: await tableProfiles(ctx.data, table.table, { signal: ctx.signal }),
      rows: table.rowCount,
      describe: `table ${table.table}`,
      target,
      metrics,
    };
  }
  if (!model) {
    throw new NodeError(
      'NODE_FAILED',
      'the monitor has no reference',
      'Connect the training table to "Reference table", or a registered model to "Model package".',
    );
  }
  if (!pkg?.referenceStats) {
    throw new NodeError(
      'NODE_FAILED',
      `the model in ${model.dir} is not a model package with reference statistics`,
      'Connect a registered model (Package model writes reference-stats.json), or connect the training table as the reference.',
    );
  }
  const describe = `model ${pkg.manifest.name} v${pkg.manifest.version} (reference statistics of ${pkg.referenceStats.table})`;
  return { profiles: referenceProfiles(pkg.referenceStats), rows: pkg.referenceStats.rows, describe, target, metrics };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface Current {
  table: TableValue;
  fromLog: boolean;
  describe: string;
  requests?: number;
}

export async function loadCurrent(
  ctx: RunContext,
  table: TableValue | undefined,
  endpoint: EndpointValue | undefined,
  window: LogWindow,
  target: string | undefined,
): Promise<Current> {
  if (table) {
    // The output table belongs to this node's cache entry, so it is a copy, never the input itself.
    const name = ctx.outputTable('current');
    await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM ${ident(table.table)}`, { signal: ctx.signal });
    return { table: await ctx.data.describe(name), fromLog: false, describe: `table ${table.table}` };
  }
  if (!endpoint) {
    throw new NodeError('NODE_FAILED', 'the monitor has no current data', 'Connect a table to "Current table", or a deployed endpoint to "Endpoint".');
  }
  if (!endpoint.logDir) {
    throw new NodeError('NODE_FAILED', `the endpoint ${endpoint.url} keeps no prediction log`, 'Deploy the model with a log folder, then monitor it.');
  }
  const log = await readPredictionLog(endpoint.logDir, window, target ? `predicted_${target}` : 'prediction');
  if (log.badLines) ctx.log('warn', `${plural(log.badLines, 'line')} of the prediction log in ${endpoint.logDir} not a record, left out`);
  if (log.refused) ctx.log('info', `${plural(log.refused, 'refused request')} (no predictions) left out`);
  if (!log.rows.length) {
    throw new NodeError(
      'NODE_FAILED',
      `no scored rows in the prediction log ${endpoint.logDir} for this window`,
      'Widen the window, or send the endpoint requests first.',
    );
  }
  const name = ctx.outputTable('current');
  await writeLogTable(ctx.data, name, log.rows);
  return { table: await ctx.data.describe(name), fromLog: true, describe: `prediction log of ${endpoint.model ?? endpoint.url}`, requests: log.requests };
}
