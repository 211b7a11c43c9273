import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { EndpointValue } from '../../engine/values.js';
import { deployDef } from './def.js';
import { promptProviderKey } from './prompt-deploy.js';

export const ENDPOINT_ROUTES = ['/predict', '/v2/health/ready', '/v2/models/{name}/infer', '/metrics', '/openapi.json'];

export const deployRunner = defineRunner(deployDef, async (ctx, inputs, params) => {
  if (!ctx.services)
    throw new NodeError(
      'SERVICES_UNAVAILABLE',
      'this engine has no service manager, so it cannot start a model server',
      'Run the pipeline from the app or with `lifecycle-studio run`, whose engines manage services.',
    );
  const prompt = inputs.model.format === 'llm' && inputs.model.prompt !== undefined;
  if (inputs.model.format !== 'onnx' && inputs.model.format !== 'tfjs' && !prompt)
    throw new NodeError('MODEL_NOT_SERVABLE', `a ${inputs.model.format} model cannot be served`, 'Deploy a model from Train, a registered model or a package.');
  // The engine blocks Deploy below a failed gate; a model registered as archived (a refused challenger) must not be served either way.
  if (inputs.model.package?.stage === 'archived')
    throw new NodeError(
      'MODEL_ARCHIVED',
      `${inputs.model.package.name} version ${inputs.model.package.version} is registered as archived, so it is not deployed; the endpoint keeps serving what it served`,
      'Deploy the production model (Registered model, stage production), or promote this version with `lifecycle-studio models promote`.',
    );
  const secretName = params.apiKeySecret.trim();
  let apiKey: { secretName: string; value: string } | undefined;
  if (secretName) {
    const value = ctx.secret(secretName);
    if (!value)
      throw new NodeError(
        'SECRET_MISSING',
        `the API key secret "${secretName}" is not set`,
        `Set ${secretName} in the keychain or the environment, or clear "API key secret".`,
      );
    apiKey = { secretName, value };
  }
  const providerKey = prompt ? promptProviderKey(ctx, inputs.model) : undefined;
  ctx.progress(undefined, `starting the model server on ${params.host}`);
  const service = await ctx.services
    .deploy(
      {
        modelDir: inputs.model.dir,
        host: params.host.trim(),
        port: params.port,
        keepRunning: params.keepRunning,
        ...(apiKey ? { apiKey } : {}),
        ...(providerKey ? { providerKey } : {}),
      },
      ctx.signal,
    )
    .catch((err: Error) => {
      throw new NodeError('DEPLOY_FAILED', err.message, 'Read the server output above; fix the model or choose another port.');
    });
  ctx.log(
    'info',
    service.reused ? `already serving version ${service.version} at ${service.url}` : `serving ${service.model} version ${service.version} at ${service.url}`,
  );
  // A prompt server has no v2 inference route (server/README.md, "Serving a prompt package").
  const routes = prompt ? ENDPOINT_ROUTES.filter((r) => !r.endsWith('/infer')) : ENDPOINT_ROUTES;
  const endpoint: EndpointValue = {
    kind: 'endpoint',
    url: service.url,
    routes: routes.map((r) => r.replace('{name}', service.model)),
    pid: service.pid,
    serviceId: service.serviceId,
    model: service.model,
    version: service.version,
    logDir: service.logDir,
  };
  return { endpoint };
});
