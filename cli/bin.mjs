#!/usr/bin/env node
// Runs the prebuilt CLI (cli/bundle.mjs, `npm run build:cli`) while it matches the sources; otherwise
// the TypeScript CLI through tsx, so a checkout works without a build step.
import { pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.mjs';

const bundle = freshBundle();
if (bundle) {
  await import(pathToFileURL(bundle.main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
