import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'nodes/**/*.test.ts',
      'cli/**/*.test.ts',
      'server/**/*.test.ts',
      'electron/**/*.test.ts',
      'hosts/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // DuckDB and TensorFlow.js tests are CPU-heavy; two workers match the 2-core CI machine.
    maxWorkers: 2,
    // Bounds, not expectations: a shared CI machine may be loaded twenty times over.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The JSON report lets .ci/run print one closing "N passed, N failed" line for both runners.
    // The third names a test whose worker died mid-run, which vitest itself does not.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }], './test/testing/unfinished-tests-reporter.ts'],
  },
});
