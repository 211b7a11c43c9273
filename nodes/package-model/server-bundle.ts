/**
 * After registration, the Package node writes the version's self-contained server bundle beside it
 * (server/bundle/write-bundle.ts). The registered version stands on its own: a bundle that cannot be
 * written is a warning naming why, not a failed node (a rerun would register yet another version).
 */
import type { RunContext } from '../../engine/node-run.js';
import { writeServerBundle } from '../../server/bundle/write-bundle.js';

export async function addServerBundle(ctx: RunContext, versionDir: string): Promise<string | undefined> {
  try {
    const dir = await writeServerBundle(versionDir);
    ctx.log('info', `wrote the model's server bundle to ${dir}: run "npm install --omit=dev" then "node server.mjs" there, or "docker build" it.`);
    return dir;
  } catch (err) {
    ctx.log('warn', `the model is registered, but its server bundle was not written: ${(err as Error).message}`);
    return undefined;
  }
}
