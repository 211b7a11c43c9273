/**
 * Paths named by triggers obey the run-path confinement (engine/security/run-paths.ts): a watched
 * folder or a monitored pipeline outside the run's allowed folders is refused with
 * PATH_OUTSIDE_ROOTS before anything is watched, exactly as a node's file param would be.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Trigger } from '../../../engine/document/triggers.js';
import { EngineError } from '../../../engine/errors.js';
import { isInside, realPathOf, realRoots } from '../../../engine/security/run-paths.js';

/** The absolute path a trigger field names: relative ones resolve against the pipeline's folder. */
export const triggerPath = (stored: string, pipelineDir: string) => (isAbsolute(stored) ? stored : resolve(pipelineDir, stored));

/** The folder or pipeline file a trigger watches, if it names one. */
function namedPath(trigger: Trigger): { field: string; stored: string } | undefined {
  if (trigger.kind === 'watch-folder') return { field: 'folder', stored: trigger.folder };
  if (trigger.kind === 'monitor-verdict' && trigger.pipeline) return { field: 'pipeline', stored: trigger.pipeline };
  return undefined;
}

/**
 * @throws EngineError PATH_OUTSIDE_ROOTS naming each trigger, field and real path outside `roots`.
 */
export async function assertTriggerPaths(triggers: readonly Trigger[], pipelineDir: string, roots: readonly string[]): Promise<void> {
  const real = await realRoots(roots);
  const refused: { triggerId: string; field: string; stored: string; path: string }[] = [];
  for (const trigger of triggers) {
    const named = namedPath(trigger);
    if (!named) continue;
    const path = await realPathOf(triggerPath(named.stored, pipelineDir));
    if (!real.some((root) => isInside(root, path))) refused.push({ triggerId: trigger.id, ...named, path });
  }
  if (!refused.length) return;
  const lines = refused.map((r) => `trigger "${r.triggerId}": ${r.field} ${r.path} lies outside the folders this pipeline may use`);
  throw new EngineError(
    'PATH_OUTSIDE_ROOTS',
    lines.join('\n'),
    `Automations may only use folders under ${roots.join(', ')}. If you trust this pipeline, pass --allow-path ${refused[0].path} (or allow the folder in the window).`,
    refused,
  );
}
