/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against the browser mode,
 * plus the Electron shell where its binary exists. One worker: the CI machine has two cores and
 * each test file runs its own engine process.
 */
import { defineConfig } from '@playwright/test';

/** Flags for a quiet, reproducible headless Chromium in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Bounds on waiting for a condition, not expected durations: CI machines are shared and may be loaded
  // twenty times over, where one engine request can take longer than ten seconds (seen at load 23).
  timeout: 240_000,
  expect: { timeout: 45_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: '../../playwright-report', open: 'never' }], ['json', { outputFile: '../../test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.LIFECYCLE_STUDIO_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    // Kept as artifacts under test-results/e2e for every test, passing or not.
    screenshot: 'on',
    trace: 'retain-on-failure',
    video: 'off',
  },
});
