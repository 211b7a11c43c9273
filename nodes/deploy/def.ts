import { defineNode } from '../../engine/node-def.js';

/** Serves a model as a long-lived service of the workspace and outputs its endpoint. */
export const deployDef = defineNode({
  type: 'deploy',
  typeVersion: 1,
  title: 'Deploy model',
  stage: 'deploy',
  icon: 'rocket',
  description:
    'Starts a model server for the model (POST /predict, the Open Inference Protocol v2, /metrics) as a service that outlives the run, waits until it is ready and outputs its endpoint. Deploying a new version from the same node swaps it in without failing a request.',
  inputs: [{ name: 'model', kind: 'model', label: 'Model', description: 'From Train, a registered model or a package.' }],
  outputs: [{ name: 'endpoint', kind: 'endpoint', label: 'Endpoint' }],
  params: {
    port: { kind: 'integer', label: 'Port', default: 0, min: 0, max: 65535, help: '0 picks a free port; the service keeps it across restarts.' },
    host: {
      kind: 'text',
      label: 'Address',
      default: '127.0.0.1',
      required: true,
      bindAddress: true,
      help: 'The address the server binds. 127.0.0.1 is this machine only; another address must be allowed by you (it exposes the model to the network).',
    },
    keepRunning: { kind: 'boolean', label: 'Keep running', default: false, help: 'Keep the service running when the app quits.' },
    apiKeySecret: {
      kind: 'secret',
      label: 'API key secret',
      default: '',
      help: 'Name of a secret (keychain or environment variable) holding the key callers must send; empty: no key.',
    },
  },
  requiresPassingGate: true,
  // Side effect: a service. Each run asks the service manager, which answers "already serving this
  // version" without restarting, so a server that died is never reused from the cache as if up.
  neverCache: true,
  summary: ['host', 'port'],
});
