/** Triggers in words for the Automations panel: the schedule via cronstrue, the next firing via croner. */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import type { Trigger } from '../../engine/document/triggers.js';

/** "At 03:00 AM" for "0 3 * * *"; the problem in words for an invalid expression. */
export function cronInWords(cron: string): { words?: string; problem?: string } {
  try {
    new Cron(cron, { paused: true });
  } catch (error) {
    return { problem: (error as Error).message.replace(/^CronPattern: /, '') };
  }
  try {
    return { words: cronstrue.toString(cron, { use24HourTimeFormat: true }) };
  } catch {
    return { words: cron };
  }
}

export function nextFiring(trigger: Trigger, from = new Date()): Date | undefined {
  if (trigger.kind !== 'schedule' || !trigger.enabled) return undefined;
  try {
    return new Cron(trigger.cron, { paused: true, timezone: trigger.timezone }).nextRun(from) ?? undefined;
  } catch {
    return undefined;
  }
}

/** One line saying what starts a run. */
export function describeTrigger(t: Trigger): string {
  if (t.kind === 'schedule') return `${cronInWords(t.cron).words ?? t.cron}${t.timezone ? ` (${t.timezone})` : ' (local time)'}`;
  if (t.kind === 'watch-folder') return `A new or changed file${t.pattern ? ` matching ${t.pattern}` : ''} in ${t.folder} goes into ${t.importNode}`;
  return `${t.verdict === 'drift' ? 'Drift' : 'Decay'} found by ${t.monitorNode} in ${t.pipeline ?? 'this pipeline'}`;
}

export const KIND_LABELS: Record<Trigger['kind'], string> = {
  schedule: 'Schedule',
  'watch-folder': 'Watched folder',
  'monitor-verdict': 'Monitor verdict',
};
