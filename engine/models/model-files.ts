/**
 * The files of a trained model folder besides the network and its recipe (`model-recipe.ts`):
 * `training.json` (what was trained, on what, with which result), and the atomic JSON writer
 * both use.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { EpochPoint } from './fit.js';

export const TRAINING_JSON = 'training.json';

export interface TrainingSummary {
  format: 'lifecycle-studio.training';
  /** Written by models trained before the model package (now in the model's summary): they made two trainings differ. */
  trainedAt?: string;
  backend: string;
  tfjsVersion: string;
  params: Record<string, unknown>;
  task: 'classification' | 'regression';
  data: { train: { rows: number; fingerprint: string; table: string }; validation?: { rows: number; fingerprint: string; table: string } };
  layers: string[];
  parameterCount: number;
  history: EpochPoint[];
  epochsRun: number;
  stoppedEarly: boolean;
  bestEpoch: number;
  durationMs?: number;
  /** Largest |trained model - onnxruntime| output difference on the rows checked after export (the tfjs model, or the plain layers trained without it). */
  onnxParity?: { rows: number; maxAbsDiff: number };
}

/** Writes a JSON file atomically, pretty-printed so it reads well in a diff. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** The training summary, or undefined for models trained elsewhere (a user's ONNX file). */
export async function readTrainingSummary(dir: string): Promise<TrainingSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, TRAINING_JSON), 'utf8')) as TrainingSummary;
  } catch {
    return undefined;
  }
}
