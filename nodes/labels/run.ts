/**
 * Runs Labels: reads the input in pages (the same `pageTable` reading the labelling view uses, so
 * both compute the same row keys), looks each row's key up in the label set, and joins the labels
 * found back on by row position.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { MAX_PAGE_ROWS, pageTable } from '../../engine/data/page.js';
import { readLabelSet } from '../../engine/labels/label-store.js';
import { rowKeys } from '../../engine/labels/row-key.js';
import { join } from 'node:path';
import { fileFingerprint } from '../../engine/cache/fingerprint.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import { labelsDef } from './def.js';

/** Position column of the numbered copy; not part of any row's content. */
const ROW = '__labels_row';

/** The label of each row that has one, as [row position, label], reading the numbered copy page by page. */
async function findLabels(data: DataPlane, numbered: string, column: string, labels: Record<string, string>, signal: AbortSignal) {
  const found: [number, string][] = [];
  const used = new Set<string>();
  for (let offset = 0; ; offset += MAX_PAGE_ROWS) {
    signal.throwIfAborted();
    const page = await pageTable(data, { table: numbered, offset, limit: MAX_PAGE_ROWS, sort: { column: ROW, direction: 'asc' } });
    const names = page.columns.map((c) => c.name);
    const at = names.indexOf(ROW);
    const keys = rowKeys(
      names.filter((_, i) => i !== at),
      page.rows.map((r) => r.filter((_, i) => i !== at)),
      column,
    );
    keys.forEach((key, i) => {
      const label = labels[key];
      if (label === undefined) return;
      found.push([page.rows[i][at] as number, label]);
      used.add(key);
    });
    if (offset + MAX_PAGE_ROWS >= page.rowCount) return { found, used: used.size };
  }
}

/**
 * @example
 * const { output } = await labelsRunner.run(ctx, { input }, { labelSet: 'reviews', column: 'label', unlabelled: 'keep' });
 */
export const labelsRunner = defineRunner(
  labelsDef,
  async (ctx, inputs, params) => {
    if (!ctx.workspaceDir)
      throw new NodeError('NODE_FAILED', 'the Labels node needs a workspace to read label sets from', 'Run it inside the studio or the CLI.');
    const set = await readLabelSet(ctx.workspaceDir, params.labelSet);
    const out = ctx.outputTable('output');
    const numbered = `${out}__numbered`;
    const pairs = `${out}__found`;
    const col = ident(params.column);
    let byHand = 0;
    let usedKeys = 0;
    try {
      await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(numbered)} AS SELECT row_number() OVER () - 1 AS ${ROW}, * FROM ${ident(inputs.input.table)}`);
      const { found, used } = await findLabels(ctx.data, numbered, params.column, set.labels, ctx.signal);
      byHand = found.length;
      usedKeys = used;
      await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(pairs)} (${ROW} BIGINT, label VARCHAR)`);
      for (let i = 0; i < found.length; i += 1000) {
        const batch = found.slice(i, i + 1000);
        await ctx.data.run(`INSERT INTO ${ident(pairs)} VALUES ${batch.map(() => '(?, ?)').join(', ')}`, batch.flat());
      }
      const has = inputs.input.columns.some((c) => c.name === params.column);
      const label = has ? `COALESCE(f.label, CAST(s.${col} AS VARCHAR))` : 'f.label';
      const select = has ? `s.* EXCLUDE (${ROW}) REPLACE (${label} AS ${col})` : `s.* EXCLUDE (${ROW}), ${label} AS ${col}`;
      const where = params.unlabelled === 'drop' ? `WHERE ${label} IS NOT NULL` : '';
      await ctx.data.run(
        `CREATE OR REPLACE TABLE ${ident(out)} AS SELECT ${select} FROM ${ident(numbered)} s LEFT JOIN ${ident(pairs)} f USING (${ROW}) ${where} ORDER BY s.${ROW}`,
      );
    } finally {
      await ctx.data.dropTable(numbered);
      await ctx.data.dropTable(pairs);
    }
    const value = await ctx.data.describe(out);
    const [{ labelled }] = await ctx.data.all<{ labelled: number }>(`SELECT count(${col}) AS labelled FROM ${ident(out)}`);
    const total = inputs.input.rowCount;
    const without = total - labelled;
    const fromInput = labelled - byHand;
    ctx.log(
      'info',
      `${formatCount(byHand)} of ${formatCount(total)} rows labelled by hand (label set "${set.name}")${fromInput > 0 ? `, ${formatCount(fromInput)} kept their label from the input` : ''}; ` +
        `${formatCount(params.unlabelled === 'drop' ? total - value.rowCount : without)} without a label ${params.unlabelled === 'drop' ? 'left out' : 'kept with an empty label'}.`,
    );
    const stale = Object.keys(set.labels).length - usedKeys;
    if (stale > 0)
      ctx.log('info', `${formatCount(stale)} labels of the set match no row of this table (rows changed or removed upstream, or labels of another table).`);
    ctx.progress(1, 'Done');
    return { output: value };
  },
  {
    // The label set lives in the workspace, outside the document: its fingerprint joins the cache key,
    // so new labels re-run this node and what follows it.
    keyFiles: async (params, env) => {
      const path = join(env.workspaceDir, 'labels', `${params.labelSet}.json`);
      return { labelSet: { path, fingerprint: await fileFingerprint(path) } };
    },
  },
);
