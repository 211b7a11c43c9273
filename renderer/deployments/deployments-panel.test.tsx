// @vitest-environment happy-dom
/**
 * The Deployments panel against a fake host: the empty state; a running service with its figures,
 * last requests (newest first) and stop; a killed one with its exit reason and no figures; the
 * "try it" form generated from an input schema (numbers as numbers, empty as missing, category
 * suggestions) with its prediction and a refusal; polling that stops while the window is hidden.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ServiceInfo, ServiceMetrics } from '../../engine/services.js';
import type { StudioApi } from '../../engine/contract.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { flush } from '../testing/flush.js';
import { testDefs } from '../testing/sample-defs.js';
import { DeploymentsPanel } from './deployments-panel.js';
import { POLL_MS } from './use-deployments.js';

const running = (): ServiceInfo => ({
  id: 'svc-aaaa1111',
  owner: 'penguins/deploy',
  model: 'penguins',
  version: '3',
  packageDir: '/ws/models/penguins/3',
  url: 'http://127.0.0.1:40123',
  host: '127.0.0.1',
  port: 40123,
  pid: 4242,
  status: 'running',
  startedAt: 1_000,
  uptimeMs: 125_000,
  keepRunning: false,
  logDir: '/ws/services/svc-aaaa1111/log',
  outputFile: '/ws/services/svc-aaaa1111/output.log',
});

const METRICS: ServiceMetrics = { requests: 8, errors: 2, errorRate: 0.25, p50Ms: 1.234, p99Ms: 12.5, rowsScored: 40 };
const RECENT = [
  { time: '2026-01-01T10:00:00.000Z', request_id: 'r1', route: '/predict', status: 200, latency_ms: 1.5, rows: 5, version: '3' },
  { time: '2026-01-01T10:00:01.000Z', request_id: 'r2', route: '/predict', status: 400, latency_ms: 0.5, rows: 0, version: '3' },
];
const SCHEMA = {
  type: 'object',
  properties: {
    island: { type: ['string', 'null'], examples: ['Biscoe', 'Dream', 'Torgersen'] },
    bill_length_mm: { type: ['number', 'null'] },
    sex: { type: ['string', 'null'], enum: ['MALE', 'FEMALE', null] },
  },
};

function host(initial: ServiceInfo[] = [running()]) {
  let services = initial;
  const calls: unknown[][] = [];
  const api = fakeApi({
    listServices: async () => {
      calls.push(['listServices']);
      return services;
    },
    serviceMetrics: async (id) => {
      calls.push(['serviceMetrics', id]);
      return METRICS;
    },
    serviceRecentRequests: async () => RECENT,
    stopService: async (id) => {
      calls.push(['stopService', id]);
      services = services.map((s) => (s.id === id ? { ...s, status: 'stopped', uptimeMs: undefined, stoppedAt: 2_000, exitReason: 'stopped by the user' } : s));
      return true;
    },
    serviceInputSchema: async () => SCHEMA,
    tryService: async (id, rows) => {
      calls.push(['tryService', id, rows]);
      if (rows[0].bill_length_mm === null) return { status: 400, body: { errors: ['bill_length_mm: expected a number'] } };
      return {
        status: 200,
        body: { model: 'penguins', version: '3', predictions: [{ prediction: 'Gentoo', probabilities: { Adelie: 0.1, Gentoo: 0.85, Chinstrap: 0.05 } }] },
      };
    },
  });
  return { api, calls, set: (next: ServiceInfo[]) => (services = next) };
}

async function setup(api: StudioApi) {
  const store = createStudioStore({ defs: testDefs });
  store.getState().setDeploymentsOpen(true);
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <DeploymentsPanel />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  await flush();
  await flush();
  return store;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('DeploymentsPanel', () => {
  it('says how to get an endpoint here when there is none', async () => {
    const store = await setup(host([]).api);
    expect(screen.getByTestId('deployments-empty').textContent).toContain('Run a pipeline with a Deploy node');
    // One of the two panels over the canvas at a time.
    store.getState().setModelsOpen(true);
    expect(store.getState().deploymentsOpen).toBe(false);
    store.getState().setDeploymentsOpen(true);
    expect([store.getState().deploymentsOpen, store.getState().modelsOpen]).toEqual([true, false]);
  });

  it('shows a running endpoint with its figures and last requests, and stops it', async () => {
    const h = host();
    const store = await setup(h.api);
    const detail = screen.getByTestId('service-detail');
    expect(within(detail).getByTestId('service-version').textContent).toBe('v3');
    expect(within(detail).getByTestId('service-url').textContent).toBe('http://127.0.0.1:40123');
    expect(within(detail).getByTestId('service-status').textContent).toBe('running');
    const figure = (id: string) => within(detail).getByTestId(`figure-${id}`).textContent;
    // 125 s = 2 min 5 s; 2 errors of 8 = 25.0 %.
    expect([figure('uptime'), figure('requests'), figure('p50'), figure('p99'), figure('error-rate'), figure('rows')]).toEqual([
      '2 min 5 s',
      '8',
      '1.23 ms',
      '12.5 ms',
      '25.0 %',
      '40',
    ]);
    const rows = [...screen.getByTestId('recent-requests').querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.children[2].textContent)).toEqual(['400', '200']);
    expect(rows[0].className).toBe('is-error');

    fireEvent.click(screen.getByTestId('stop-service'));
    await flush();
    await flush();
    expect(h.calls).toContainEqual(['stopService', 'svc-aaaa1111']);
    expect(screen.getByTestId('service-status').textContent).toBe('stopped');
    expect(screen.getByTestId('exit-reason').textContent).toContain('stopped by the user');
    expect(store.getState().toasts.at(-1)?.message).toBe('Stopped svc-aaaa1111.');
    // Escape closes the panel.
    fireEvent.keyDown(screen.getByTestId('deployments-panel'), { key: 'Escape' });
    expect(store.getState().deploymentsOpen).toBe(false);
  });

  it('shows a killed server as stopped with its exit reason, without asking its metrics', async () => {
    const killed = { ...running(), status: 'stopped' as const, uptimeMs: undefined, stoppedAt: 5_000, exitReason: 'killed by SIGKILL' };
    const h = host([killed]);
    await setup(h.api);
    expect(screen.getByTestId('service-status').textContent).toBe('stopped');
    expect(screen.getByTestId('exit-reason').textContent).toContain('killed by SIGKILL');
    expect(screen.queryByTestId('figure-requests')).toBeNull();
    expect(h.calls.some((c) => c[0] === 'serviceMetrics')).toBe(false);
    expect((screen.getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('generates the try-it form from the input schema and shows the prediction, or the refusal', async () => {
    const h = host();
    await setup(h.api);
    const form = screen.getByTestId('try-form');
    const input = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    expect([...form.querySelectorAll('input')].map((i) => [i.name, i.type])).toEqual([
      ['island', 'text'],
      ['bill_length_mm', 'number'],
      ['sex', 'text'],
    ]);
    const suggestions = (name: string) => [...document.getElementById(input(name).getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);
    expect(suggestions('island')).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(suggestions('sex')).toEqual(['MALE', 'FEMALE']);
    expect(input('island').value).toBe('Biscoe');

    // Empty number: sent as missing; the server's refusal is shown with its status.
    fireEvent.submit(form);
    await flush();
    expect(h.calls.at(-1)).toEqual(['tryService', 'svc-aaaa1111', [{ island: 'Biscoe', bill_length_mm: null, sex: 'MALE' }]]);
    expect(screen.getByTestId('try-refused').textContent).toContain('400');
    expect(screen.getByTestId('try-refused').textContent).toContain('bill_length_mm: expected a number');

    fireEvent.change(input('bill_length_mm'), { target: { value: '47.5' } });
    fireEvent.change(input('sex'), { target: { value: '' } });
    fireEvent.submit(form);
    await flush();
    expect(h.calls.at(-1)).toEqual(['tryService', 'svc-aaaa1111', [{ island: 'Biscoe', bill_length_mm: 47.5, sex: null }]]);
    expect(screen.getByTestId('try-prediction').textContent).toBe('Gentoo');
    const probs = [...screen.getByRole('table', { name: 'Probabilities' }).querySelectorAll('tr')].map((r) => [
      r.children[0].textContent,
      r.children[1].textContent,
    ]);
    expect(probs).toEqual([
      ['Gentoo', '0.8500'],
      ['Adelie', '0.1000'],
      ['Chinstrap', '0.0500'],
    ]);
  });

  it('opens the API docs in a new tab in the browser, and shows the URL to copy on the desktop, never leaving the app', async () => {
    const opened: unknown[][] = [];
    const open = vi.spyOn(window, 'open').mockImplementation((...args: unknown[]) => {
      opened.push(args);
      return null;
    });
    const before = window.location.href;
    await setup(host().api);
    fireEvent.click(screen.getByTestId('open-docs'));
    expect(opened).toEqual([['http://127.0.0.1:40123/docs', '_blank', 'noopener,noreferrer']]);
    cleanup();

    // The desktop window has no safe external open: the URL is shown, selected, to copy.
    (window as unknown as { studio?: unknown }).studio = {};
    try {
      await setup(host().api);
      fireEvent.click(screen.getByTestId('open-docs'));
      expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'API docs URL' }).value).toBe('http://127.0.0.1:40123/docs');
      expect(opened).toHaveLength(1);
    } finally {
      delete (window as unknown as { studio?: unknown }).studio;
      open.mockRestore();
    }
    expect(window.location.href).toBe(before);
  });

  it('reads the services again when a run ends (a Deploy node may have started one)', async () => {
    const h = host([]);
    const store = await setup(h.api);
    expect(screen.getByTestId('deployments-empty').textContent).toContain('Run a pipeline with a Deploy node');
    store.getState().runRequested({ mode: 'all' });
    await flush();
    h.set([running()]);
    store.getState().runRequestFailed({ code: 'RUN_NOT_STARTED', message: 'no', hint: '' });
    await flush();
    await flush();
    expect(screen.getByTestId('service-url').textContent).toBe('http://127.0.0.1:40123');
  });

  it('polls while the window is visible and stops while it is hidden', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const h = host();
    await setup(h.api);
    const lists = () => h.calls.filter((c) => c[0] === 'listServices').length;
    const before = lists();
    vi.advanceTimersByTime(POLL_MS);
    await flush();
    expect(lists()).toBe(before + 1);

    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    const hidden = lists();
    vi.advanceTimersByTime(POLL_MS * 3);
    await flush();
    expect(lists()).toBe(hidden);

    // Visible again: read at once, then every few seconds.
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(lists()).toBe(hidden + 1);
    vi.advanceTimersByTime(POLL_MS);
    await flush();
    expect(lists()).toBe(hidden + 2);
  });
});
