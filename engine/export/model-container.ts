/** The model server's container, shared by the Deployment and the KServe predictor. */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { LIVE_PATH, READY_PATH, SERVER_COMMAND, SERVER_PORT, SERVER_UID } from './model-server-image.js';

/** An environment variable filled from a Kubernetes Secret: only the names go into the manifest, never a value. */
export interface SecretEnv {
  env: string;
  secret: string;
  key: string;
}

export interface ContainerOptions {
  image: string;
  /** The Secret holding the server's API key (key `api-key`): every route but the health checks then needs it. */
  apiKeySecret?: string;
  /** Further variables from Secrets (an LLM key, say), by name. */
  secretEnv?: SecretEnv[];
}

export const API_KEY_SECRET_KEY = 'api-key';

const fromSecret = ({ env, secret, key }: SecretEnv): IEnvVar => ({ name: env, valueFrom: { secretKeyRef: { name: secret, key } } });

function environment(o: ContainerOptions): IEnvVar[] {
  // PORT is left to the image (ENV PORT=8080): Knative, under KServe, reserves PORT and sets it from containerPort.
  const env: IEnvVar[] = [{ name: 'HOST', value: '0.0.0.0' }];
  if (o.apiKeySecret) env.push(fromSecret({ env: 'API_KEY', secret: o.apiKeySecret, key: API_KEY_SECRET_KEY }));
  return env.concat((o.secretEnv ?? []).map(fromSecret));
}

/**
 * The container: the bundle image's own command, probes on the v2 health routes, modest resources
 * (the adult model's bundled server peaked at 212 MiB resident after scoring its 16,281 test rows
 * in 1,000-row requests; raise them for a large model) and a non-root user. Under KServe
 * (Knative) a port may not be named `http` and there is no startup probe, so `plain` says which.
 */
export function modelContainer(name: string, o: ContainerOptions, plain: boolean): IContainer {
  const get = (path: string) => ({ httpGet: { path, port: SERVER_PORT } });
  return {
    name,
    image: o.image,
    command: SERVER_COMMAND,
    ports: [{ ...(plain ? { name: 'http' } : {}), containerPort: SERVER_PORT, protocol: 'TCP' }],
    env: environment(o),
    // The server checks every file's sha256 and opens the ONNX session before it listens: give it a minute.
    ...(plain ? { startupProbe: { ...get(LIVE_PATH), periodSeconds: 2, failureThreshold: 30 } } : {}),
    livenessProbe: { ...get(LIVE_PATH), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    readinessProbe: { ...get(READY_PATH), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    securityContext: { runAsNonRoot: true, runAsUser: SERVER_UID, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}
