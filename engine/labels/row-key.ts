/**
 * The content key of a table row, the same in the window (rows from the `page` request) and in the
 * Labels node (rows read with the same `pageTable`): a 64-bit hash of the row's values by column
 * name, leaving out the label column and the model's outputs (predicted_*, probability_*), so a
 * label survives re-scoring, a re-run upstream, reordered rows and reordered columns. Pure (no Node
 * modules) so the renderer bundles it.
 */

/** Columns that are not the row's content: the label itself and a model's scores of the row. */
export function isKeyColumn(name: string, labelColumn: string): boolean {
  return name !== labelColumn && !name.startsWith('predicted_') && !name.startsWith('probability_');
}

/** Two 32-bit FNV-1a style lanes with different seeds and multipliers, as 16 hex digits. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  return (a >>> 0).toString(16).padStart(8, '0') + ((b ^ (a >>> 7)) >>> 0).toString(16).padStart(8, '0');
}

/**
 * Keys of rows given as plain cell values (as `page` returns them).
 *
 * @example
 * rowKeys(['text', 'label'], [['great', null]], 'label') // ['…16 hex digits…']
 */
export function rowKeys(columns: readonly string[], rows: readonly (readonly unknown[])[], labelColumn: string): string[] {
  const picked = columns.map((name, i) => ({ name, i })).filter((c) => isKeyColumn(c.name, labelColumn));
  picked.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return rows.map((row) => hash64(JSON.stringify(picked.map((c) => [c.name, row[c.i] ?? null]))));
}
