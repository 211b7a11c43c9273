/**
 * Closing a connection while its statement runs. DuckDB's own closeSync then crashes the process
 * (a segfault) or hangs it, by hand on @duckdb/node-api 1.5.6; the data plane's close waits for
 * the statement, which ends with its result.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'close-running.fixture.ts');

describe('DataPlane.close() with a statement running', () => {
  it('waits for the statement, which ends with its result, and counts the connection closed at once', () => {
    // The timeout bounds a hang (the old close's other failure); it is no expectation of speed.
    const out = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE], { encoding: 'utf8', timeout: 150_000 });
    expect(out.signal).toBeNull();
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    // 0 + 1 + ... + 49,999,999 = n (n - 1) / 2 with n = 50,000,000.
    const sum = (50_000_000n * 49_999_999n) / 2n;
    expect(out.stdout).toBe(`all: 1 open after close, sum ${sum}\nconnection: 1 open after close, sum ${sum}\n`);
  });
});
