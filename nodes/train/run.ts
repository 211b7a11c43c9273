import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import { TrainingCancelledError } from '../../engine/models/fit.js';
import { TRAINING_JSON, writeJsonAtomic, type TrainingSummary } from '../../engine/models/model-files.js';
import { tableFingerprint } from '../../engine/models/table-reader.js';
import { loadTfSoon } from '../../engine/models/tf-backend.js';
import { startOrtSoon } from '../../engine/models/onnx/ort-warm-up.js';
import type { MetricsValue, ModelValue } from '../../engine/values.js';
import { trainDef } from './def.js';
import { fitNetwork, trainingRoom, trainsWithoutTf, type NetworkParams } from '../shared/training/fit-network.js';
import { historyCharts } from '../shared/training/history.js';
import { packTrainedModel, writeModelFolder } from '../shared/training/model-export.js';
import { prepareTrainingData, resolveColumns } from '../shared/training/train-data.js';

/**
 * Train's warm-ups (engine/warm-up.ts): ONNX Runtime for the export check, and TensorFlow.js when
 * these params train on it (not relu or linear networks without dropout, `trainsWithoutTf`).
 */
function prepareTraining(params: NetworkParams): readonly (() => void)[] {
  return trainsWithoutTf(params) ? [startOrtSoon] : [startOrtSoon, loadTfSoon];
}

export const trainRunner = defineRunner(
  trainDef,
  async (ctx, inputs, params) => {
    const started = Date.now();
    // TensorFlow.js, where these params need it, loads while DuckDB prepares the data.
    if (!trainsWithoutTf(params)) loadTfSoon();
    const columns = resolveColumns(inputs.train, params.target, params.features);
    const hidden = params.model === 'mlp' ? params.hiddenLayers : [];
    ctx.progress(0, 'fitting preprocessing on the training table');
    const room = trainingRoom(params);
    const prepared = await prepareTrainingData(ctx.data, inputs.train, inputs.validation, columns, params.task, ctx.signal, room.into);
    const { spec, train, validation } = prepared;
    const preparedAt = Date.now();
    const task = spec.target.task;
    if (prepared.droppedValidationRows) {
      ctx.log('warn', `${prepared.droppedValidationRows} validation rows left out: their "${spec.target.name}" is missing or a class the training table lacks`);
    }
    const { network, result, on } = await fitNetwork(ctx, prepared, params, room.opened()).catch((err: unknown) => {
      if (err instanceof TrainingCancelledError) throw new NodeError('NODE_CANCELLED', `cancelled by the user: ${err.message}`);
      throw err;
    });
    try {
      const trainedAt = Date.now();
      ctx.progress(0.92, 'saving the model and exporting to ONNX');
      // The prepare steps behind the training table go with the model, so scoring can repeat them on raw rows.
      const fitted = inputs.train.fitted ?? [];
      // The files are written in a build folder, then packaged into the artifact folder: the model output is a model package.
      const build = await mkdtemp(join(ctx.artifactDir, '.build-'));
      const parity = await writeModelFolder(build, network, { steps: fitted, encoding: spec }, prepared.paritySample, `tfjs ${on.tfjsVersion}`);
      ctx.log(
        'info',
        `ONNX export checked in onnxruntime on ${prepared.paritySample.rows} rows: largest difference from ${network.reference} ${parity.maxAbsDiff.toExponential(2)}`,
      );
      const secs = (from: number, to: number) => `${((to - from) / 1000).toFixed(2)} s`;
      ctx.log(
        'info',
        `time: preparing data ${secs(started, preparedAt)}, training ${secs(preparedAt, trainedAt)}, saving + ONNX export + check ${secs(trainedAt, Date.now())}`,
      );
      const parameterCount = network.countParams();
      const summary: TrainingSummary = {
        format: 'lifecycle-studio.training',
        backend: on.label,
        tfjsVersion: on.tfjsVersion,
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
        layers: network.describeLayers(),
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
          backend: on.label,
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
    } finally {
      network.dispose();
    }
  },
  { warmUp: prepareTraining },
);
