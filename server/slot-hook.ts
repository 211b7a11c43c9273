/** Wires a ModelSlot into the app: per-request version binding, the /metrics info gauge, the admin route. */
import type { FastifyInstance } from 'fastify';
import type { Gauge } from 'prom-client';
import { registerAdminRoutes } from './admin-routes.js';
import type { ServerMetrics } from './metrics.js';
import type { ModelSlot } from './model-slot.js';

export function attachSlot(app: FastifyInstance, slot: ModelSlot, metrics: ServerMetrics, adminToken: string | undefined): void {
  const info = metrics.registry.getSingleMetric('model_server_model_info') as Gauge<'model' | 'version'> | undefined;
  slot.attach(app, (served) => {
    info?.reset();
    info?.set({ model: served.name, version: served.version }, 1);
  });
  if (adminToken) registerAdminRoutes(app, slot, adminToken);
}
