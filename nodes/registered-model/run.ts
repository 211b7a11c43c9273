import { join } from 'node:path';
import { openRegistered, parseStageRef, resolvedFingerprint, type StageRef } from '../../engine/models/registry-resolve.js';
import { defineRunner, NodeError, type KeyEnv } from '../../engine/node-run.js';
import { MODEL_JSON } from '../../engine/models/tf-io.js';
import type { ModelValue } from '../../engine/values.js';
import { registeredModelDef } from './def.js';

type Params = { name: string; stage: string; registry: string };

const registryRoot = (params: Params, env: KeyEnv) => (params.registry.trim() ? env.resolvePath(params.registry) : join(env.workspaceDir, 'models'));

function stageRef(text: string): StageRef {
  const ref = parseStageRef(text);
  if (ref === undefined) throw new NodeError('PARAM_INVALID', `"${text}" is not a stage or version`, 'Use production, staging, latest or a version number.');
  return ref;
}

export const registeredModelRunner = defineRunner(
  registeredModelDef,
  async (ctx, _inputs, params) => {
    const root = registryRoot(params, ctx);
    const name = params.name.trim();
    const v = await openRegistered(root, name, stageRef(params.stage)).catch((err: unknown) => {
      throw new NodeError('NODE_FAILED', (err as Error).message, 'Check "Model name" and "Stage or version", or promote a version.');
    });
    const m = v.package.manifest;
    ctx.log('info', `${name} ${params.stage.trim()} is version ${v.version} (${v.stage}), package ${v.package.hash.slice(0, 12)}`);
    const model: ModelValue = {
      kind: 'model',
      dir: v.dir,
      // A package from Train holds the tfjs model and its ONNX export; Score's "auto" runs tfjs.
      format: 'prompt' in v.package ? 'llm' : v.package.file(MODEL_JSON) ? 'tfjs' : 'onnx',
      ...('prompt' in v.package ? { prompt: v.package.prompt } : {}),
      task: m.task,
      target: m.target,
      labels: m.labels.length ? m.labels : undefined,
      package: { name, version: v.version, hash: v.package.hash, stage: v.stage },
      summary: { model: name, version: v.version, stage: v.stage, hash: v.package.hash.slice(0, 12), ...(m.created ? { registered: m.created } : {}) },
    };
    return { model };
  },
  {
    // The registry changes under the same params (a promotion, a new version): key on what they resolve to now.
    keyFiles: async (params, env) => {
      const ref = parseStageRef(params.stage);
      const root = registryRoot(params, env);
      const fingerprint = ref === undefined ? 'invalid' : await resolvedFingerprint(root, params.name.trim(), ref);
      return { registered: { path: `${join(root, params.name.trim())} (${params.stage.trim()})`, fingerprint } };
    },
  },
);
