/**
 * The Train node's training loop on prepared arrays: class weights, the network, fitting with
 * progress and early stopping. The Custom head node trains its head with it too.
 */
import type { RunContext } from '../../../engine/node-run.js';
import { isBatchSource } from '../../../engine/models/batch-source.js';
import { denseTrainable, initialLayers } from '../../../engine/models/dense-network.js';
import { fitModel, type EpochPoint, type FitResult } from '../../../engine/models/fit.js';
import { buildNetwork, type NetworkSpec } from '../../../engine/models/network.js';
import { getTf, tfjsPackageVersion } from '../../../engine/models/tf-backend.js';
import { denseNetwork, tfjsNetwork, type TrainedNetwork } from '../../../engine/models/trained-network.js';
import { wasmStepAvailable } from '../../../engine/models/wasm-step.js';
import type { ParamValues } from '../../../engine/node-def.js';
import type { networkParams } from './network-params.js';
import { pointMessage } from './history.js';
import type { PreparedData } from './train-data.js';

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
): Promise<{ network: TrainedNetwork; result: FitResult; hidden: number[]; on: TrainedOn }> {
  const { spec, train, validation } = prepared;
  const task = spec.target.task;
  const hidden = params.model === 'mlp' ? params.hiddenLayers : [];
  const classes = task === 'classification' ? spec.target.labels!.length : 1;
  const classWeights = task === 'classification' && params.classWeights === 'balanced' ? balancedWeights(ctx, prepared, classes) : undefined;
  const patience = params.earlyStopping && validation ? params.patience : 0;
  if (params.earlyStopping && !validation) ctx.log('info', 'early stopping needs a validation table; training runs all epochs');
  const inputSize = spec.encodedNames.length;
  const shape: NetworkSpec = { kind: params.model, hidden, activation: params.activation, inputSize, outputSize: classes, task, seed: params.seed };
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
