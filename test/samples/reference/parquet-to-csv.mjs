// parquet-to-csv.mjs IN.parquet OUT.csv [IN2 OUT2 ...]: the python here has no parquet reader.
import process from 'node:process';
import { DuckDBInstance } from '@duckdb/node-api';

const connection = await (await DuckDBInstance.create(':memory:')).connect();
const quote = (path) => `'${path.replaceAll("'", "''")}'`;
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  await connection.run(`COPY (SELECT * FROM read_parquet(${quote(process.argv[i])})) TO ${quote(process.argv[i + 1])} (HEADER)`);
}
