/**
 * The window's service requests through `handleRequest` (payload checks included) on a real model
 * server: listServices, serviceMetrics counting what was sent, serviceRecentRequests from the log,
 * stopService, restartService; allowHost remembered per pipeline file. Plus the histogram maths,
 * checked against figures worked out by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceInfo, ServiceMetrics } from '../../engine/services.js';
import { openServiceKit } from './testing/service-kit.js';
import { ServiceManager } from './services/service-manager.js';
import { histogramQuantile, parsePrometheus, summarizeMetrics } from './services/service-metrics.js';

let kit: Awaited<ReturnType<typeof openServiceKit>>;
let trained: Awaited<ReturnType<typeof openServiceKit>>['trained'];
let workspace: string;

beforeAll(async () => {
  kit = await openServiceKit('service-handlers');
  ({ trained, workspace } = kit);
}, 600_000);
afterAll(() => kit?.close());

const ask = (method: string, ...args: unknown[]) => kit.ask(method, ...args);

describe('service requests', () => {
  it('list, metrics, recent requests, stop and restart a real service', async () => {
    const deployed = await new ServiceManager({ workspaceDir: workspace }).deploy({
      owner: 'doc/deploy',
      modelDir: trained.dir,
      host: '127.0.0.1',
      port: 0,
      keepRunning: false,
    });
    const list = (await ask('listServices')) as ServiceInfo[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: deployed.serviceId, status: 'running', url: deployed.url, pid: deployed.pid, keepRunning: false });

    const post = (rows: unknown) =>
      fetch(`${deployed.url}/predict`, { method: 'POST', body: JSON.stringify({ rows }), headers: { 'content-type': 'application/json' } });
    expect((await post(trained.rows)).status).toBe(200);
    expect((await post(trained.rows)).status).toBe(200);
    expect((await post([{ island: 'Biscoe' }])).status).toBe(400);

    const metrics = (await ask('serviceMetrics', deployed.serviceId)) as ServiceMetrics;
    expect(metrics).toMatchObject({ requests: 3, errors: 1, rowsScored: 2 * trained.rows.length });
    expect(metrics.errorRate).toBeCloseTo(1 / 3, 12);
    expect(metrics.p50Ms).not.toBeNull();
    expect(metrics.p99Ms!).toBeGreaterThanOrEqual(metrics.p50Ms!);

    // The log is written in batches off the request path: ask until the last request (the 400) is in it.
    let recent: Record<string, unknown>[] = [];
    for (let wait = 0; recent.at(-1)?.status !== 400; wait = Math.min(wait * 2 || 20, 300)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      recent = (await ask('serviceRecentRequests', deployed.serviceId, 2)) as Record<string, unknown>[];
    }
    expect(recent.map((r) => r.status)).toEqual([200, 400]);
    expect(recent[0]).toMatchObject({ route: '/predict', rows: trained.rows.length });

    expect(await ask('stopService', deployed.serviceId)).toBe(true);
    expect(((await ask('listServices')) as ServiceInfo[])[0]).toMatchObject({ status: 'stopped', exitReason: 'stopped by the user' });
    await expect(ask('serviceMetrics', deployed.serviceId)).rejects.toThrow(/is not running; restart it/);
    const restarted = (await ask('restartService', deployed.serviceId)) as ServiceInfo;
    expect(restarted).toMatchObject({ id: deployed.serviceId, status: 'running', url: deployed.url });
    expect((await post(trained.rows)).status).toBe(200);

    await expect(ask('stopService', '../etc')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(ask('stopService', 'svc-unknown1')).rejects.toThrow(/there is no service "svc-unknown1"/);
  }, 600_000);

  it('remembers an allowed address per pipeline file, refusing what is not an address', async () => {
    const file = join(workspace, 'p.pipeline.json');
    writeFileSync(file, '{}');
    expect(await ask('allowHost', '192.0.2.7', file)).toEqual(['192.0.2.7']);
    expect(await ask('allowHost', 'model-host.example', file)).toEqual(['192.0.2.7', 'model-host.example']);
    await expect(ask('allowHost', 'a b; rm', file)).rejects.toThrow(/neither an IP address nor a host name/);
  });
});

describe('metrics maths', () => {
  it('interpolates quantiles in histogram buckets as Prometheus does (figures worked by hand)', () => {
    // 10 observations: 2 at or below 2.5 ms, 8 more at or below 5 ms.
    const buckets: [number, number][] = [
      [0.001, 0],
      [0.0025, 2],
      [0.005, 10],
      [Infinity, 10],
    ];
    // p50: rank 5 lies in (2.5 ms, 5 ms], 3 of its 8: 2.5 + 2.5 * 3/8 = 3.4375 ms.
    expect(histogramQuantile(0.5, buckets)! * 1000).toBeCloseTo(3.4375, 9);
    // p99: rank 9.9: 2.5 + 2.5 * 7.9/8 = 4.96875 ms.
    expect(histogramQuantile(0.99, buckets)! * 1000).toBeCloseTo(4.96875, 9);
    expect(histogramQuantile(0.5, [[Infinity, 0]])).toBeNull();
  });

  it('sums scoring routes only from Prometheus text', () => {
    const text = [
      '# HELP model_server_requests_total Requests by route and status',
      'model_server_requests_total{route="/predict",status="200"} 7',
      'model_server_requests_total{route="/predict",status="400"} 1',
      'model_server_requests_total{route="/metrics",status="200"} 50',
      'model_server_requests_total{route="/v2/models/m/infer",status="200"} 2',
      'model_server_errors_total{route="/predict",status="400"} 1',
      'model_server_rows_scored_total 90',
      'model_server_request_duration_seconds_bucket{le="0.005",route="/predict"} 4',
      'model_server_request_duration_seconds_bucket{le="0.01",route="/predict"} 8',
      'model_server_request_duration_seconds_bucket{le="+Inf",route="/predict"} 8',
      'model_server_request_duration_seconds_bucket{le="0.005",route="/metrics"} 50',
      'model_server_request_duration_seconds_bucket{le="0.01",route="/metrics"} 50',
      'model_server_request_duration_seconds_bucket{le="+Inf",route="/metrics"} 50',
    ].join('\n');
    const m = summarizeMetrics(parsePrometheus(text));
    expect(m).toMatchObject({ requests: 10, errors: 1, rowsScored: 90 });
    expect(m.errorRate).toBeCloseTo(0.1, 12);
    // /predict only: 8 observations, rank 4 is the top of the 5 ms bucket: 0 + 5 * 4/4 = 5 ms.
    expect(m.p50Ms).toBeCloseTo(5, 9);
  });
});
