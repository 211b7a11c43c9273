/**
 * Turns the structured filter rows of the Clean node (column, operator, value, and/or) into a
 * WHERE condition. Values are typed by the column they are compared with, and a value that does
 * not fit the column ("abc" for a number column) is refused with a message, not a DuckDB error.
 */
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';
import { isTextType, type SqlPlan } from '../shared/sql-plan.js';

export interface FilterRow {
  column: string;
  operator: string;
  value: string;
  join: string;
}

/** A value as SQL of the column's type, after checking DuckDB can convert it. */
async function typedValue(data: DataPlane, value: string, type: string, where: string, column: string): Promise<string> {
  if (isTextType(type)) return literal(value);
  const sql = `CAST(${literal(value)} AS ${type})`;
  const [row] = await data.all<{ bad: boolean }>(`SELECT TRY_CAST(${literal(value)} AS ${type}) IS NULL AS bad`);
  if (value.trim() === '' || row.bad) {
    throw new NodeError(
      'bad-filter-value',
      `${where}: "${value}" is not a valid value for column "${column}", which holds ${type} values.`,
      type === 'VARCHAR'
        ? 'Type the value to compare with.'
        : 'Type a value of that kind (for numbers use a dot for decimals, e.g. 3.5), or change the column type first.',
    );
  }
  return sql;
}

/** One condition row as SQL. */
export async function conditionSql(data: DataPlane, plan: SqlPlan, row: FilterRow, where: string): Promise<string> {
  if (row.column.trim() === '') throw new NodeError('missing-column', `${where}: choose the column to filter on.`, 'Pick a column in the step.');
  const col = plan.column(row.column, where);
  const c = ident(col.name);
  switch (row.operator) {
    case 'is-missing':
      return `${c} IS NULL`;
    case 'is-not-missing':
      return `${c} IS NOT NULL`;
    case 'contains':
      return `contains(CAST(${c} AS VARCHAR), ${literal(row.value)})`;
    case 'starts-with':
      return `starts_with(CAST(${c} AS VARCHAR), ${literal(row.value)})`;
    case 'in-list': {
      const items = row.value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (items.length === 0)
        throw new NodeError('bad-filter-value', `${where}: "is one of" needs at least one value.`, 'Type the values separated by commas, e.g. Adelie, Gentoo.');
      const typed = await Promise.all(items.map((v) => typedValue(data, v, col.type, where, col.name)));
      return `${c} IN (${typed.join(', ')})`;
    }
    case '=':
    case '>':
    case '>=':
    case '<':
    case '<=':
      return `${c} ${row.operator} ${await typedValue(data, row.value, col.type, where, col.name)}`;
    case '!=':
      // Like a spreadsheet filter, "not equal to X" keeps rows where the value is missing.
      return `${c} IS DISTINCT FROM ${await typedValue(data, row.value, col.type, where, col.name)}`;
    default:
      throw new NodeError('bad-operator', `${where}: unknown condition "${row.operator}".`, 'Pick a condition from the list.');
  }
}

/**
 * A run of consecutive filter rows as one condition: rows joined by "and" form a group, "or"
 * starts a new group, and a row is kept when it matches every condition of some group.
 *
 * @example
 * await filterSql(data, plan, [{ column: 'sex', operator: '=', value: 'MALE', join: 'and' }], (i) => `Step ${i + 1}`)
 * // '("sex" = \'MALE\')'
 */
export async function filterSql(data: DataPlane, plan: SqlPlan, rows: readonly FilterRow[], where: (i: number) => string): Promise<string> {
  const groups: string[][] = [];
  for (const [i, row] of rows.entries()) {
    const cond = await conditionSql(data, plan, row, where(i));
    if (i === 0 || row.join === 'or') groups.push([cond]);
    else groups[groups.length - 1].push(cond);
  }
  return groups.map((g) => `(${g.join(' AND ')})`).join(' OR ');
}
