/**
 * The Train node's training loop on prepared arrays: class weights, the network, fitting with
 * progress and early stopping. The Custom head node trains its head with it too.
 */
import type { RunContext } from '../../../engine/node-run.js';
import { isBatchSource } from '../../../engine/models/batch-source.js';
import { denseTrainable, initialLayers } from '../../../engine/models/dense-network.js';
import { fitModel, type EpochPoint, type FitResult } from '../../../engine/models/fit.js';
import { wasmLayout } from '../../../engine/models/fit-dense.js';
import { buildNetwork, layerPlan, type NetworkSpec } from '../../../engine/models/network.js';
import type { FittedEncoding } from '../../../engine/models/preprocessing.js';
import { getTf, tfjsPackageVersion } from '../../../engine/models/tf-backend.js';
import { denseNetwork, tfjsNetwork, type TrainedNetwork } from '../../../engine/models/trained-network.js';
import { openWasmStep, wasmStepAvailable, type OpenedWasmStep } from '../../../engine/models/wasm-step.js';
import type { ParamValues } from '../../../engine/node-def.js';
import type { networkParams } from './network-params.js';
import { pointMessage } from './history.js';
import type { PreparedData, TrainingRoom } from './train-data.js';

/** Batch-level progress at most this often, so a fast loop does not flood the window with events. */
const BATCH_PROGRESS_MS = 250;

/** The Train node's network and optimisation options (every param but target, features and task). */
export type NetworkParams = ParamValues<typeof networkParams>;

function balancedWeights(ctx: Pick<RunContext, 'log'>, prepared: PreparedData, classes: number): Float32Array {
  const { train, spec } = prepared;
  // A streamed table's classes were counted in SQL; its rows are not in memory to count.
  const counts = isBatchSource(train) ? train.classCounts! : new Float64Array(classes);
  if (!isBatchSource(train)) for (let i = 0; i < train.rows; i++) counts[train.y[i]]++;
  const weights = Float32Array.from(counts, (c) => (c > 0 ? train.rows / (classes * c) : 0));
  ctx.log('info', `balanced class weights: ${spec.target.labels!.map((l, i) => `${l}=${weights[i].toFixed(3)}`).join(', ')}`);
  return weights;
}

/**
 * Whether these params train without TensorFlow.js: relu or linear layers without dropout, which
 * the wasm step trains as plain arrays (`dense-network.ts`), where that module loads.
 */
export function trainsWithoutTf(params: Pick<NetworkParams, 'model' | 'activation' | 'dropout' | 'hiddenLayers'>): boolean {
  const layers = params.model === 'mlp' ? params.hiddenLayers.length + 1 : 1;
  return denseTrainable({ kind: params.model, activation: params.activation }, params.model === 'mlp' ? params.dropout : 0) && wasmStepAvailable(layers);
}

/** What trained the network: the wasm step on plain arrays, or a TensorFlow.js backend; and the tfjs version of its files. */
export interface TrainedOn {
  label: string;
  tfjsVersion: string;
}

/** The network these params build for an encoding: its widths, activation, task and seed. */
function networkShape(spec: FittedEncoding, params: NetworkParams): NetworkSpec {
  const task = spec.target.task;
  return {
    kind: params.model,
    hidden: params.model === 'mlp' ? params.hiddenLayers : [],
    activation: params.activation,
    inputSize: spec.encodedNames.length,
    outputSize: task === 'classification' ? spec.target.labels!.length : 1,
    task,
    seed: params.seed,
  };
}

/**
 * Where `prepareTrainingData` encodes the training rows when these params train as plain layers:
 * straight into the wasm step's memory (`into`), opened for the network then (`opened`, for
 * `fitNetwork`), so the rows are not copied there afterwards (adult: 13.7 MB, about 8 ms).
 *
 * @example
 * const room = trainingRoom(params);
 * const prepared = await prepareTrainingData(ctx.data, train, validation, columns, 'auto', ctx.signal, room.into);
 * await fitNetwork(ctx, prepared, params, room.opened());
 */
export function trainingRoom(params: NetworkParams): { into: TrainingRoom; opened: () => OpenedWasmStep | undefined } {
  let opened: OpenedWasmStep | undefined;
  return {
    into: (rows, spec) => {
      if (!trainsWithoutTf(params)) return undefined;
      opened = openWasmStep(wasmLayout(layerPlan(networkShape(spec, params))), params.batchSize, rows);
      return opened?.held;
    },
    opened: () => opened,
  };
}

/** The network at its seeded starting weights, plain where the params allow, else a tfjs model. */
async function startingNetwork(
  spec: NetworkSpec,
  params: NetworkParams,
): Promise<{ network: TrainedNetwork; weights: Parameters<typeof fitModel>[0]['model']; on: TrainedOn }> {
  if (trainsWithoutTf(params)) {
    const layers = initialLayers(spec);
    return { network: denseNetwork(spec, layers), weights: layers, on: { label: 'wasm (SIMD), without TensorFlow.js', tfjsVersion: tfjsPackageVersion() } };
  }
  const { tf, backend } = await getTf();
  const model = buildNetwork(tf, spec);
  return { network: tfjsNetwork(model), weights: model, on: { label: backend.label, tfjsVersion: backend.tfjsVersion } };
}

/**
 * Builds and fits the network; the caller disposes `network`. Progress runs from 0.05 to 0.9.
 *
 * @example
 * const { network, result, on } = await fitNetwork(ctx, prepared, params);
 */
export async function fitNetwork(
  ctx: Pick<RunContext, 'log' | 'progress' | 'signal'>,
  prepared: PreparedData,
  params: NetworkParams,
  opened?: OpenedWasmStep,
): Promise<{ network: TrainedNetwork; result: FitResult; hidden: number[]; on: TrainedOn }> {
  const { spec, train, validation } = prepared;
  const shape = networkShape(spec, params);
  const { task, hidden, inputSize, outputSize: classes } = shape;
  const classWeights = task === 'classification' && params.classWeights === 'balanced' ? balancedWeights(ctx, prepared, classes) : undefined;
  const patience = params.earlyStopping && validation ? params.patience : 0;
  if (params.earlyStopping && !validation) ctx.log('info', 'early stopping needs a validation table; training runs all epochs');
  const { network, weights, on } = await startingNetwork(shape, params);
  ctx.log('info', `training on ${on.label}: ${train.rows} rows, ${inputSize} encoded features, ${task}`);
  let lastBatchProgress = 0;
  try {
    const result = await fitModel({
      model: weights,
      task,
      classes,
      inputSize,
      train,
      validation,
      epochs: params.epochs,
      batchSize: params.batchSize,
      optimizer: params.optimizer,
      learningRate: params.learningRate,
      l2: params.l2,
      dropout: params.model === 'mlp' ? params.dropout : 0,
      classWeights,
      seed: params.seed,
      opened,
      patience,
      signal: ctx.signal,
      onBatchEnd: (epoch, batch, batches) => {
        const now = Date.now();
        if (batch !== 1 && now - lastBatchProgress < BATCH_PROGRESS_MS) return;
        lastBatchProgress = now;
        const fraction = (epoch - 1 + batch / batches) / params.epochs;
        ctx.progress(0.05 + 0.85 * fraction, `epoch ${epoch} of ${params.epochs}, batch ${batch} of ${batches}`, {
          done: batch,
          total: batches,
          unit: 'batch',
        });
      },
      onEpochEnd: (point: EpochPoint) => {
        ctx.progress(0.05 + (0.85 * point.epoch) / params.epochs, pointMessage(point, params.epochs), {
          point: point as Record<string, number>,
          done: point.epoch,
          total: params.epochs,
          unit: 'epoch',
        });
      },
    });
    if (result.stoppedEarly) ctx.log('info', `early stopping after epoch ${result.epochsRun}; kept the weights of epoch ${result.bestEpoch}`);
    return { network, result, hidden, on };
  } catch (err) {
    network.dispose();
    throw err;
  }
}
