/** Helpers for the Fine-tune node's tests: its params against the stand-in, and every file under a folder. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const YELP = '/work/shared/data/text/yelp_labelled.txt';
export const SENTIMENT_SYSTEM = 'Classify the sentiment of the review. Answer positive or negative.';

export function fineTuneParams(baseUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'compatible',
    baseUrl,
    model: 'stand-in-small',
    apiKey: '',
    textColumn: 'text',
    answerColumn: 'label',
    system: SENTIMENT_SYSTEM,
    pollSeconds: 0.001,
    retries: 1,
    ...overrides,
  };
}

/** Every regular file under `dir` (recursively) with its text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
