/** Prometheus metrics of one server, in its own Registry (never prom-client's global one). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  latency: Histogram<'route'>;
  rowsScored: Counter;
  errors: Counter<'route' | 'status'>;
  logErrors: Counter;
}

export function createMetrics(model: { name: string; version: string }): ServerMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'model_server_requests_total',
    help: 'Requests by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'model_server_request_duration_seconds',
    help: 'Request latency by route',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const rowsScored = new Counter({ name: 'model_server_rows_scored_total', help: 'Rows scored', registers: [registry] });
  const errors = new Counter({
    name: 'model_server_errors_total',
    help: 'Answers with status 400 or above',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const info = new Gauge({ name: 'model_server_model_info', help: 'The model served (always 1)', labelNames: ['model', 'version'], registers: [registry] });
  info.set({ model: model.name, version: model.version }, 1);
  const logErrors = new Counter({ name: 'model_server_log_errors_total', help: 'Prediction log writes that failed', registers: [registry] });
  return { registry, requests, latency, rowsScored, errors, logErrors };
}
