/**
 * What the exported serving manifests assume of the model server image: the image a server bundle
 * (`<registry>/<name>/<version>-server/`, its Dockerfile) builds, with the model baked in under
 * /app/model. The engine may not import the server (lint rule `local/boundaries`), so these facts
 * are restated here; test/export-model-bundle.test.ts reads a real bundle's Dockerfile and a
 * running server and fails when they drift apart.
 */

/** The port the bundle's image listens on (its `ENV PORT` and `EXPOSE`), and the one KServe expects of a custom predictor. */
export const SERVER_PORT = 8080;

/** The bundle image's `CMD`, run from its `WORKDIR /app`. */
export const SERVER_COMMAND = ['node', 'server.mjs'];

/** The uid of the user `node` of node:20-slim, the bundle image's `USER` (Kubernetes cannot check a user given by name). */
export const SERVER_UID = 1000;

/** Health routes of the Open Inference Protocol v2 (server/v2-routes.ts); they stay open when an API key is set. */
export const LIVE_PATH = '/v2/health/live';
export const READY_PATH = '/v2/health/ready';
/** Prometheus text (server/metrics.ts); it needs the API key when one is set. */
export const METRICS_PATH = '/metrics';

/** The model's name as the server routes it (`/v2/models/<name>`), as the bundle writer computes it. */
export const routedName = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'model';

/** The tag the bundle's README and Dockerfile build: `docker build -t <this> .` */
export const bundleImageTag = (name: string, version: number) => `${routedName(name).toLowerCase()}-model:${version}`;

/**
 * A Kubernetes object name for the model: an RFC 1035 label (a Service name must start with a
 * letter), short enough for KServe's `<name>-predictor-00001` revision names to stay within 63.
 */
export function objectName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const lettered = /^[a-z]/.test(slug) ? slug : `m-${slug}`;
  return `${lettered.slice(0, 40).replace(/-$/, '')}-model`;
}
