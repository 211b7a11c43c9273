/**
 * ONNX Runtime's first session in a process costs about 30 ms of the runtime's own set-up (a later
 * one about 1 ms); the protobuf encoder of the ONNX export is generated on its first use too. A run
 * whose Train node will export and check an ONNX model pays both early, on a one-weight model, while
 * an earlier node's long statement runs (engine/warm-up.ts).
 */
import * as ort from 'onnxruntime-node';
import type { FittedEncoding } from '../preprocessing.js';
import { buildOnnxModel } from './onnx-export.js';

let started = false;

/** The one-weight model: y = x, through the export's own builder. */
export function warmUpModel(): Uint8Array {
  const spec = { encodedNames: ['x'], scaleMean: [0], scaleStd: [1], target: { name: 'y', sourceType: 'DOUBLE', task: 'regression', mean: 0, std: 1 } };
  const layer = { name: 'output', activation: 'linear', kernel: Float32Array.of(1), bias: Float32Array.of(0), inputs: 1, units: 1 };
  return buildOnnxModel(spec as unknown as FittedEncoding, [layer], { producerVersion: 'warm-up' });
}

/** Starts (once per process) a session on the one-weight model and lets it go; a failure is left for the real session to meet. */
export function startOrtSoon(): void {
  if (started) return;
  started = true;
  ort.InferenceSession.create(warmUpModel(), { intraOpNumThreads: 1, interOpNumThreads: 1 })
    .then((session) => session.release())
    .catch(() => undefined);
}
