import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import { fitModel, TrainingCancelledError, type EpochPoint } from '../../engine/models/fit.js';
import { TRAINING_JSON, writeJsonAtomic, type TrainingSummary } from '../../engine/models/model-files.js';
import { buildNetwork } from '../../engine/models/network.js';
import { tableFingerprint } from '../../engine/models/table-reader.js';
import { getTf } from '../../engine/models/tf-backend.js';
import type { MetricsValue, ModelValue } from '../../engine/values.js';
import { trainDef } from './def.js';
import { historyCharts, pointMessage } from './history.js';
import { packTrainedModel, writeModelFolder } from './model-export.js';
import { prepareTrainingData, resolveColumns } from './train-data.js';

/** Batch-level progress at most this often, so a fast loop does not flood the window with events. */
const BATCH_PROGRESS_MS = 250;

export const trainRunner = defineRunner(trainDef, async (ctx, inputs, params) => {
  const started = Date.now();
  const { tf, backend } = await getTf();
  const columns = resolveColumns(inputs.train, params.target, params.features);
  const hidden = params.model === 'mlp' ? params.hiddenLayers : [];
  ctx.progress(0, 'fitting preprocessing on the training table');
  const prepared = await prepareTrainingData(ctx.data, inputs.train, inputs.validation, columns, params.task, ctx.signal);
  const { spec, train, validation } = prepared;
  const preparedAt = Date.now();
  const task = spec.target.task;
  if (prepared.droppedValidationRows) {
    ctx.log('warn', `${prepared.droppedValidationRows} validation rows left out: their "${spec.target.name}" is missing or a class the training table lacks`);
  }
  const classes = task === 'classification' ? spec.target.labels!.length : 1;
  let classWeights: Float32Array | undefined;
  if (task === 'classification' && params.classWeights === 'balanced') {
    const counts = new Float64Array(classes);
    for (let i = 0; i < train.rows; i++) counts[train.y[i]]++;
    classWeights = Float32Array.from(counts, (c) => (c > 0 ? train.rows / (classes * c) : 0));
    ctx.log('info', `balanced class weights: ${spec.target.labels!.map((l, i) => `${l}=${classWeights![i].toFixed(3)}`).join(', ')}`);
  }
  const patience = params.earlyStopping && validation ? params.patience : 0;
  if (params.earlyStopping && !validation) ctx.log('info', 'early stopping needs a validation table; training runs all epochs');
  ctx.log('info', `training on ${backend.label}: ${train.rows} rows, ${spec.encodedNames.length} encoded features, ${task}`);

  const model = buildNetwork(tf, {
    kind: params.model,
    hidden,
    activation: params.activation,
    inputSize: spec.encodedNames.length,
    outputSize: classes,
    task,
    seed: params.seed,
  });
  let lastBatchProgress = 0;
  try {
    const result = await fitModel({
      model,
      task,
      classes,
      inputSize: spec.encodedNames.length,
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

    const trainedAt = Date.now();
    ctx.progress(0.92, 'saving the model and exporting to ONNX');
    // The prepare steps behind the training table go with the model, so scoring can repeat them on raw rows.
    const fitted = inputs.train.fitted ?? [];
    // The files are written in a build folder, then packaged into the artifact folder: the model output is a model package.
    const build = await mkdtemp(join(ctx.artifactDir, '.build-'));
    const parity = await writeModelFolder(build, model, { steps: fitted, encoding: spec }, prepared.paritySample, `tfjs ${backend.tfjsVersion}`);
    ctx.log(
      'info',
      `ONNX export checked in onnxruntime on ${prepared.paritySample.rows} rows: largest difference from tfjs ${parity.maxAbsDiff.toExponential(2)}`,
    );
    const secs = (from: number, to: number) => `${((to - from) / 1000).toFixed(2)} s`;
    ctx.log(
      'info',
      `time: preparing data ${secs(started, preparedAt)}, training ${secs(preparedAt, trainedAt)}, saving + ONNX export + check ${secs(trainedAt, Date.now())}`,
    );
    const parameterCount = model.countParams();
    const summary: TrainingSummary = {
      format: 'lifecycle-studio.training',
      backend: backend.label,
      tfjsVersion: backend.tfjsVersion,
      params: { ...params },
      task,
      data: {
        train: { table: inputs.train.table, rows: train.rows, fingerprint: spec.fittedOn.fingerprint },
        ...(inputs.validation && validation
          ? {
              validation: {
                table: inputs.validation.table,
                rows: validation.rows,
                fingerprint: (await tableFingerprint(ctx.data, inputs.validation.table)).fingerprint,
              },
            }
          : {}),
      },
      layers: model.layers.map((l) => `${l.name} (${l.getClassName()}${'units' in l ? ` ${String((l as unknown as { units: number }).units)}` : ''})`),
      parameterCount,
      history: result.history,
      epochsRun: result.epochsRun,
      stoppedEarly: result.stoppedEarly,
      bestEpoch: result.bestEpoch,
      onnxParity: { rows: prepared.paritySample.rows, maxAbsDiff: parity.maxAbsDiff },
    };
    await writeJsonAtomic(join(build, TRAINING_JSON), summary);
    const packaged = await packTrainedModel(ctx, build).finally(() => rm(build, { recursive: true, force: true }));
    const last = result.history[result.history.length - 1];
    const modelValue: ModelValue = {
      kind: 'model',
      dir: ctx.artifactDir,
      format: 'tfjs',
      task,
      target: spec.target.name,
      features: columns.features,
      labels: spec.target.labels,
      ...(fitted.length ? { fitted } : {}),
      package: { name: packaged.manifest.name, version: packaged.manifest.version, hash: packaged.hash },
      summary: {
        model:
          params.model === 'mlp' ? `MLP ${hidden.join('-')} ${params.activation}` : task === 'classification' ? 'logistic regression' : 'linear regression',
        parameters: parameterCount,
        encodedFeatures: spec.encodedNames.length,
        trainRows: train.rows,
        epochs: result.epochsRun,
        finalLoss: last?.loss ?? NaN,
        backend: backend.label,
        onnxMaxAbsDiff: parity.maxAbsDiff,
        preparationSteps: fitted.length,
        // Times stay out of the package (it would differ on every run); they are shown here and in the log.
        trainingSeconds: Math.round((Date.now() - started) / 100) / 10,
      },
    };
    const history: MetricsValue = {
      kind: 'metrics',
      task,
      metrics: Object.fromEntries(Object.entries(last ?? {}).filter(([k, v]) => k !== 'epoch' && typeof v === 'number')) as Record<string, number>,
      charts: historyCharts(result.history),
    };
    ctx.progress(1, `trained ${result.epochsRun} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { model: modelValue, history };
  } catch (err) {
    if (err instanceof TrainingCancelledError) throw new NodeError('NODE_CANCELLED', `cancelled by the user: ${err.message}`);
    throw err;
  } finally {
    model.dispose();
  }
});
