// Prints one closing line over both test runners (vitest and Playwright), read from their JSON
// reports, so CI logs end with a single count: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';
import process from 'node:process';

const say = (line) => process.stdout.write(`${line}\n`);

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);
let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = read('test-results/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
}
if (!vitest && !playwright) {
  say('tests: no report found (the test command failed before any runner finished)');
  process.exit(1);
}
say(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
