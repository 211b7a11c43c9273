/**
 * Label sets on disk: `<workspace>/labels/<name>.json`, written atomically, one write at a time
 * per set (edits from the window arrive one key press at a time).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { LABEL_SET_NAME, type LabelSet, type LabelWrite } from './label-types.js';

export function labelSetPath(workspaceDir: string, name: string): string {
  if (!LABEL_SET_NAME.test(name)) {
    throw new Error(`"${name}" is not a label set name: use letters, digits, "-" and "_" (up to 64), starting with a letter or digit.`);
  }
  return join(workspaceDir, 'labels', `${name}.json`);
}

/** The set, or an empty one (column "label", no classes) when it was never written. */
export async function readLabelSet(workspaceDir: string, name: string): Promise<LabelSet> {
  const path = labelSetPath(workspaceDir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { name, column: 'label', classes: [], labels: {}, updatedAt: 0 };
    throw error;
  }
  let set: Partial<LabelSet> | null;
  try {
    set = JSON.parse(text) as Partial<LabelSet> | null;
  } catch {
    set = null;
  }
  const isStrings = (v: unknown) => typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
  if (!set || typeof set.column !== 'string' || !Array.isArray(set.classes) || !isStrings(set.classes) || !isStrings(set.labels) || Array.isArray(set.labels)) {
    throw new Error(
      `The label set file ${path} is not a label set (JSON with column, classes and labels): restore it from a backup, or delete it to start the set afresh.`,
    );
  }
  return { name, column: set.column, classes: set.classes, labels: set.labels!, updatedAt: typeof set.updatedAt === 'number' ? set.updatedAt : 0 };
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Applies edits to a set and writes it: a label per key, null removes one; `column` and `classes`
 * replace the set's own when given. Writes to one set are queued so none is lost.
 */
export function writeLabelSet(workspaceDir: string, name: string, write: LabelWrite): Promise<LabelSet> {
  const path = labelSetPath(workspaceDir, name);
  const next = (queues.get(path) ?? Promise.resolve())
    .catch(() => undefined)
    .then(async () => {
      const set = await readLabelSet(workspaceDir, name);
      for (const { key, label } of write.changes) {
        if (label === null) delete set.labels[key];
        else set.labels[key] = label;
      }
      const saved: LabelSet = { ...set, column: write.column ?? set.column, classes: write.classes ?? set.classes, updatedAt: Date.now() };
      await writeFileAtomic(path, `${JSON.stringify(saved, null, 2)}\n`);
      return saved;
    });
  queues.set(path, next);
  const forget = () => {
    if (queues.get(path) === next) queues.delete(path);
  };
  next.then(forget, forget);
  return next;
}
