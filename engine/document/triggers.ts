/**
 * The `triggers` section of a pipeline document: automations that start ordinary runs of the
 * pipeline (a cron schedule, a watched folder, another pipeline's monitor verdict). The engine
 * never runs them; a host does (hosts/shared/automations/). Checked by the document schema, so a
 * bad cron expression or timezone is refused when the file is opened, not when it would fire.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { DOCUMENT_LIMITS } from './limits.js';

export const MAX_TRIGGERS = DOCUMENT_LIMITS.maxTriggers;

const triggerId = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'expected an id of letters, digits, "_", "-" or "." (at most 64, not starting with a sign)');
const relativePath = z.string().min(1).max(1000);

/** Why `cron` is not a cron expression croner accepts, or undefined when it is. */
export function cronProblem(cron: string): string | undefined {
  try {
    new Cron(cron, { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

/** True for an IANA timezone name this runtime knows ("Europe/Paris", "UTC"). */
export function isKnownTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const common = { id: triggerId, enabled: z.boolean(), label: z.string().max(200).optional() };

export const scheduleTriggerSchema = z.strictObject({
  ...common,
  kind: z.literal('schedule'),
  /** Five fields (minute hour day month weekday), or six with seconds first; see croner. */
  cron: z
    .string()
    .max(200)
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: `"${cron}" is not a cron expression: ${problem} (e.g. "0 3 * * *" for 03:00 every day)` });
    }),
  /** IANA name; absent: the host's local time. */
  timezone: z.string().max(100).refine(isKnownTimezone, { message: 'expected an IANA timezone such as "Europe/Paris" or "UTC"' }).optional(),
});

export const watchFolderTriggerSchema = z.strictObject({
  ...common,
  kind: z.literal('watch-folder'),
  /** Relative to the pipeline file's folder (or absolute); must lie under the run's allowed folders. */
  folder: relativePath,
  /** A file-name glob (`*`, `?`), e.g. "*.csv"; absent: every file. */
  pattern: z.string().min(1).max(200).optional(),
  /** The Import node whose `file` param gets the new file for the run. */
  importNode: z.string().min(1).max(200),
});

export const monitorVerdictTriggerSchema = z.strictObject({
  ...common,
  kind: z.literal('monitor-verdict'),
  /** The pipeline whose runs are watched, relative to this pipeline's folder; absent: this pipeline. */
  pipeline: relativePath.optional(),
  monitorNode: z.string().min(1).max(200),
  verdict: z.enum(['drift', 'decay']),
});

export const TRIGGER_KINDS = ['schedule', 'watch-folder', 'monitor-verdict'] as const;

export const triggerSchema = z.discriminatedUnion('kind', [scheduleTriggerSchema, watchFolderTriggerSchema, monitorVerdictTriggerSchema], {
  error: `expected a kind of ${TRIGGER_KINDS.map((k) => `"${k}"`).join(', ')}`,
});

export const triggersSchema = z
  .array(triggerSchema)
  .max(MAX_TRIGGERS)
  .superRefine((triggers, ctx) => {
    const seen = new Set<string>();
    triggers.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `trigger id "${t.id}" is used twice; give each trigger its own id` });
      seen.add(t.id);
    });
  });

export type Trigger = z.infer<typeof triggerSchema>;
export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;
export type WatchFolderTrigger = z.infer<typeof watchFolderTriggerSchema>;
export type MonitorVerdictTrigger = z.infer<typeof monitorVerdictTriggerSchema>;
export type TriggerKind = Trigger['kind'];
