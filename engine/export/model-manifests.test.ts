/**
 * The serving manifests against the published schemas: the Deployment, the Service and the
 * predictor's container by kubernetes-models' validate(). KServe publishes no npm model, so the
 * InferenceService's own fields are checked by a schema written here from KServe's v1beta1 API
 * (InferenceServiceSpec, PredictorSpec = PodSpec + ComponentExtensionSpec) and its name rule
 * (IsvcNameFmt in pkg/apis/serving/v1beta1, `[a-z]([-a-z0-9]*[a-z0-9])?`): not the CRD itself, which
 * is not vendored. Looked up by hand in kserve/kserve config/crd/full/serving.kserve.io_inferenceservices.yaml
 * (commit 047112c8): spec.predictor.minReplicas is an int32 integer, spec.predictor.containers core/v1 Containers.
 */
import { Ajv } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Container } from 'kubernetes-models/v1/Container';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { modelManifests, type ModelManifestOptions } from './model-manifests.js';
import { objectName } from './model-server-image.js';

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
const adult = { name: 'adult', version: 3 };
const keyed: Partial<ModelManifestOptions> = { apiKeySecret: 'adult-key', secretEnv: [{ env: 'OPENAI_API_KEY', secret: 'llm-key', key: 'api-key' }] };

const strict = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const inferenceServiceSchema = strict({
  apiVersion: { const: 'serving.kserve.io/v1beta1' },
  kind: { const: 'InferenceService' },
  metadata: strict({ name: { type: 'string', pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }, labels: stringMap, annotations: stringMap }),
  spec: strict({
    predictor: strict({
      minReplicas: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
      containers: { type: 'array', minItems: 1, items: { type: 'object' } },
    }),
  }),
});

describe('export-model --to kubernetes', () => {
  it('writes a Deployment and a Service that kubernetes-models validates, the Service selecting the pods', () => {
    const [dep, svc] = docs(modelManifests(adult, { to: 'kubernetes', image: 'ghcr.io/acme/adult-model:3' }));
    expect(() => new Deployment(dep as never).validate()).not.toThrow();
    expect(() => new Service(svc as never).validate()).not.toThrow();
    expect([dep.kind, svc.kind, dep.metadata.name, svc.metadata.name]).toEqual(['Deployment', 'Service', 'adult-model', 'adult-model']);
    const pod = dep.spec.template;
    expect(pod.metadata.labels).toMatchObject(svc.spec.selector);
    expect(pod.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
    const c = pod.spec.containers[0];
    expect(c.ports.map((p: { name: string }) => p.name)).toContain(svc.spec.ports[0].targetPort);
    expect([c.image, c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path, c.startupProbe.httpGet.path]).toEqual([
      'ghcr.io/acme/adult-model:3',
      '/v2/health/live',
      '/v2/health/ready',
      '/v2/health/live',
    ]);
    expect(pod.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
  });

  it('names Secrets, never values, and turns the anonymous scrape off when /metrics needs the key', () => {
    const text = modelManifests(adult, { to: 'kubernetes', ...keyed });
    const [dep] = docs(text);
    const env = dep.spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'HOST', value: '0.0.0.0' },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'adult-key', key: 'api-key' } } },
      { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'llm-key', key: 'api-key' } } },
    ]);
    expect(dep.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('false');
    expect(text).toContain('# API key: kubectl create secret generic adult-key --from-literal=api-key=<key>');
    expect(() => new Deployment(dep as never).validate()).not.toThrow();
  });

  it('validate() refuses a broken Deployment, so the checks above can fail', () => {
    const [dep] = docs(modelManifests(adult, { to: 'kubernetes' }));
    dep.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(() => new Deployment(dep as never).validate()).toThrow(/containerPort must be integer/);
  });
});

describe('export-model --to kserve', () => {
  it("writes an InferenceService whose fields fit KServe's v1beta1 API and whose container kubernetes-models validates", () => {
    const [isvc, ...rest] = docs(modelManifests(adult, { to: 'kserve', image: 'ghcr.io/acme/adult-model:3', ...keyed }));
    expect(rest).toEqual([]);
    const check = new Ajv({ allErrors: true }).compile(inferenceServiceSchema);
    expect(check(isvc), JSON.stringify(check.errors)).toBe(true);
    const [c] = isvc.spec.predictor.containers;
    expect(() => new Container(c).validate()).not.toThrow();
    expect(c.name).toBe('kserve-container');
    // Knative (KServe's serverless mode) reserves PORT and refuses port names other than http1/h2c.
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(c.env.map((e: { name: string }) => e.name)).not.toContain('PORT');
    expect([c.readinessProbe.httpGet, c.livenessProbe.httpGet]).toEqual([
      { path: '/v2/health/ready', port: 8080 },
      { path: '/v2/health/live', port: 8080 },
    ]);
    expect(isvc.metadata.annotations).toEqual({
      'serving.kserve.io/enable-prometheus-scraping': 'false',
      'prometheus.kserve.io/port': '8080',
      'prometheus.kserve.io/path': '/metrics',
    });
  });

  it('the schema check refuses a misspelt field', () => {
    const [isvc] = docs(modelManifests(adult, { to: 'kserve' }));
    isvc.spec.predictor.minReplica = 1;
    expect(new Ajv().compile(inferenceServiceSchema)(isvc)).toBe(false);
  });
});

describe('objectName', () => {
  it('makes an RFC 1035 label short enough for KServe revision names', () => {
    expect(objectName('3-Class_model.v2')).toBe('m-3-class-model-v2-model');
    const long = objectName('a'.repeat(80));
    expect(long).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(`${long}-predictor-00001`.length).toBeLessThanOrEqual(63);
  });
});
