/**
 * Names the tests still running when the run ended. A worker that dies (a native crash, a kill)
 * leaves vitest saying only "Worker exited unexpectedly", without the file or the test; CI shows
 * the end of its log, so this line is printed last.
 */
import type { Reporter, TestCase } from 'vitest/node';

export default class UnfinishedTestsReporter implements Reporter {
  private running = new Map<string, TestCase>();

  onTestCaseReady(test: TestCase): void {
    this.running.set(test.id, test);
  }

  onTestCaseResult(test: TestCase): void {
    this.running.delete(test.id);
  }

  onTestRunEnd(): void {
    for (const test of this.running.values()) {
      process.stderr.write(`still running when the run ended (its worker died?): ${test.module.relativeModuleId} > ${test.fullName}\n`);
    }
  }
}
