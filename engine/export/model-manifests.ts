/**
 * `lifecycle-studio export-model`: serving manifests for a registered model version, as YAML.
 * Kubernetes: a Deployment and a Service. KServe: an InferenceService whose predictor is our
 * server as a custom container speaking the Open Inference Protocol (v2) on port 8080. Either
 * way the model is baked into the image its server bundle builds (the Dockerfile copies
 * `model/`), so a pod needs no volume and a version is an image tag.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';
import { modelContainer, type ContainerOptions } from './model-container.js';
import { bundleImageTag, METRICS_PATH, objectName, routedName, SERVER_PORT } from './model-server-image.js';

export const SERVING_TARGETS = ['kubernetes', 'kserve'] as const;
export type ServingTarget = (typeof SERVING_TARGETS)[number];

export interface ServedModelRef {
  name: string;
  version: number;
}

export interface ModelManifestOptions extends Omit<ContainerOptions, 'image'> {
  to: ServingTarget;
  /** Default: the tag the version's server bundle builds locally (bundleImageTag). */
  image?: string;
  replicas?: number;
}

/** The KServe InferenceService (serving.kserve.io/v1beta1): no published npm model, so typed here by the fields we use. */
export interface InferenceService {
  apiVersion: 'serving.kserve.io/v1beta1';
  kind: 'InferenceService';
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { predictor: { minReplicas: number; containers: ReturnType<typeof modelContainer>[] } };
}

const labels = (m: ServedModelRef) => ({
  'app.kubernetes.io/name': objectName(m.name),
  'app.kubernetes.io/version': String(m.version),
  'app.kubernetes.io/component': 'model-server',
  'app.kubernetes.io/part-of': 'lifecycle-studio',
});

/** With an API key /metrics answers 401 to an anonymous scrape, so scraping is then off (see README, "Running on a cluster"). */
const scrape = (o: ModelManifestOptions) => String(!o.apiKeySecret);

export function deploymentOf(m: ServedModelRef, o: ModelManifestOptions): IDeployment {
  const name = objectName(m.name);
  const annotations = { 'prometheus.io/scrape': scrape(o), 'prometheus.io/port': String(SERVER_PORT), 'prometheus.io/path': METRICS_PATH };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(m) },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(m), annotations },
        spec: { containers: [modelContainer('model-server', { ...o, image: o.image ?? bundleImageTag(m.name, m.version) }, true)] },
      },
    },
  };
}

export function serviceOf(m: ServedModelRef): IService {
  const name = objectName(m.name);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labels(m) },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

export function inferenceServiceOf(m: ServedModelRef, o: ModelManifestOptions): InferenceService {
  const annotations = {
    'serving.kserve.io/enable-prometheus-scraping': scrape(o),
    'prometheus.kserve.io/port': String(SERVER_PORT),
    'prometheus.kserve.io/path': METRICS_PATH,
  };
  // KServe names its custom predictor container `kserve-container`.
  const container = modelContainer('kserve-container', { ...o, image: o.image ?? bundleImageTag(m.name, m.version) }, false);
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: objectName(m.name), labels: labels(m), annotations },
    spec: { predictor: { minReplicas: o.replicas ?? 1, containers: [container] } },
  };
}

function header(m: ServedModelRef, o: ModelManifestOptions): string {
  const image = o.image ?? bundleImageTag(m.name, m.version);
  const lines = [
    `${m.name} version ${m.version}, served by the Lifecycle Studio model server (written by lifecycle-studio export-model --to ${o.to}).`,
    `Image ${image}: built from the version's server bundle (<registry>/${m.name}/${m.version}-server/), the model baked in:`,
    `  docker build -t ${image} <bundle folder> && docker push ${image}`,
    `Open Inference Protocol v2 at /v2/models/${routedName(m.name)}/infer, /predict, /metrics, /docs on port ${SERVER_PORT}.`,
  ];
  if (o.apiKeySecret) lines.push(`API key: kubectl create secret generic ${o.apiKeySecret} --from-literal=api-key=<key>`);
  for (const s of o.secretEnv ?? []) lines.push(`${s.env}: kubectl create secret generic ${s.secret} --from-literal=${s.key}=<value>`);
  return lines.map((l) => `# ${l}`).join('\n');
}

/**
 * The YAML text for `to`, one document per object, headed by comments saying how to build the image and the secrets.
 *
 * @example const yaml = modelManifests({ name: 'adult', version: 3 }, { to: 'kubernetes', image: 'ghcr.io/acme/adult-model:3' });
 */
export function modelManifests(m: ServedModelRef, o: ModelManifestOptions): string {
  const objects = o.to === 'kserve' ? [inferenceServiceOf(m, o)] : [deploymentOf(m, o), serviceOf(m)];
  return `${header(m, o)}\n${objects.map((x) => `---\n${stringify(x)}`).join('')}`;
}
