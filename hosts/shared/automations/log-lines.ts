/** One line per automation event, for the `watch` command and the app's log. */
import type { Trigger } from '../../../engine/document/triggers.js';
import type { AutomationEvent } from './automations.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How a trigger reads in the log: `schedule "nightly" (0 3 * * *, Europe/Paris)`. */
export function describeTrigger(t: Trigger): string {
  if (t.kind === 'schedule') return `schedule "${t.id}" (${t.cron}${t.timezone ? `, ${t.timezone}` : ''})`;
  if (t.kind === 'watch-folder') return `watch-folder "${t.id}" (${t.folder}${t.pattern ? `/${t.pattern}` : ''} -> ${t.importNode})`;
  return `monitor-verdict "${t.id}" (${t.verdict} in ${t.monitorNode} of ${t.pipeline ?? 'this pipeline'})`;
}

/** The line for an event, or undefined for events not worth a line (a file still changing). */
export function automationLogLine(event: AutomationEvent): { line: string; error: boolean } | undefined {
  switch (event.type) {
    case 'fired':
      return { line: `trigger "${event.trigger.id}" fired: ${event.trigger.detail}`, error: false };
    case 'run-finished': {
      const r = event.record;
      const why = r.status === 'succeeded' ? '' : r.error ? `: ${r.error.message}` : '';
      return {
        line: `trigger "${event.trigger.id}": run ${r.runId} ${r.status} in ${seconds(r.durationMs)} (${event.trigger.detail})${why}`,
        error: r.status !== 'succeeded',
      };
    }
    case 'run-failed':
      return { line: `trigger "${event.trigger.id}": the run could not start (${event.trigger.detail}): ${event.error.message}`, error: true };
    case 'dropped':
      return { line: `trigger "${event.trigger.id}": firing dropped (${event.trigger.detail}): ${event.reason}`, error: true };
    case 'error':
      return { line: `${event.triggerId ? `trigger "${event.triggerId}": ` : ''}${event.message}`, error: true };
    default:
      return undefined;
  }
}
