// @vitest-environment happy-dom
/**
 * The Models panel against a fake host holding a small registry: versions side by side with the best
 * value per metric marked, a card rendered as text (its HTML never runs), keyboard picking, the
 * production confirmation that archives the current one, and "Open the run".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { RunRecord } from '../../engine/engine-types.js';
import type { ModelStage, ModelVersionDetail, RegisteredModel } from '../../engine/models/registry-views.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { flush } from '../testing/flush.js';
import { testDefs } from '../testing/sample-defs.js';
import { ModelsPanel } from './models-panel.js';

const CARD =
  '# Penguins\n\nGate: **PASSED**.\n\n| Metric | Value |\n| --- | --- |\n| accuracy | 0.95 |\n| a \\| b | x |\n\n<script>window.pwned = 1</script> <img src=x onerror="window.pwned=2">\n';

function registry() {
  const stages: Record<number, ModelStage> = { 1: 'production', 2: 'none' };
  const metrics: Record<number, Record<string, number>> = { 1: { accuracy: 0.9, f1: 0.88, log_loss: 0.3 }, 2: { accuracy: 0.95, f1: 0.86, log_loss: 0.25 } };
  const list = (): RegisteredModel[] => [
    { name: 'adult', versions: [{ version: 1, stage: 'none', metrics: {} }] },
    {
      name: 'penguins',
      versions: [1, 2].map((v) => ({
        version: v,
        stage: stages[v],
        created: `2026-01-0${v}T10:00:00.000Z`,
        task: 'classification',
        target: 'species',
        metrics: metrics[v],
        gatePassed: v === 1,
      })),
    },
  ];
  const detail = (name: string, version: number): ModelVersionDetail => ({
    name,
    version,
    stage: stages[version] ?? 'none',
    ...(version === 2 ? { reason: 'the business-goal gate failed: accuracy better than the second model by at least 0.01 (measured -0.02)' } : {}),
    hash: 'a'.repeat(64),
    manifest: {
      format: 'lifecycle-studio.model-package',
      formatVersion: 1,
      name,
      version,
      task: 'classification',
      target: 'species',
      labels: ['Adelie', 'Gentoo'],
      inputSchema: { properties: { island: { type: ['string', 'null'], examples: ['Biscoe', 'Dream'] }, bill_length_mm: { type: ['number', 'null'] } } },
      outputSchema: {},
      files: [{ path: 'model.onnx', sha256: 'b'.repeat(64), bytes: 2048 }],
    },
    metrics: metrics[version] ?? {},
    gate: { passed: version === 1, rules: [{ rule: 'f1 >= 0.87', passed: version === 1, measured: metrics[version]?.f1, message: 'f1 is below 0.87' }] },
    lineage: { runId: `run-${version}`, pipelineHash: 'c'.repeat(64), inputs: [], libraries: {}, missing: [] },
    card: version === 2 ? { markdown: CARD } : undefined,
    files: [{ path: 'model.onnx', sha256: 'b'.repeat(64), bytes: 2048 }],
  });
  const calls: unknown[][] = [];
  const record = { runId: 'run-2', startedAt: 1, nodes: {} } as unknown as RunRecord;
  const api = fakeApi({
    listModels: async () => list(),
    showModel: async (name, version) => {
      calls.push(['showModel', name, version]);
      return detail(name, version);
    },
    setModelStage: async (name, version, stage) => {
      calls.push(['setModelStage', name, version, stage]);
      const changes: { version: number; from: ModelStage; to: ModelStage }[] = [];
      if (stage === 'production') {
        for (const v of [1, 2])
          if (stages[v] === 'production' && v !== version) {
            changes.push({ version: v, from: 'production', to: 'archived' });
            stages[v] = 'archived';
          }
      }
      changes.push({ version, from: stages[version], to: stage });
      stages[version] = stage;
      return changes;
    },
    getRun: async (runId) => (runId === 'run-2' ? record : undefined),
  });
  return { api, calls, stages, record };
}

async function setup(r = registry()) {
  const store = createStudioStore({ defs: testDefs });
  store.getState().setModelsOpen(true);
  render(
    <StudioApiProvider api={r.api}>
      <StudioStoreProvider store={store}>
        <ModelsPanel />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  await flush();
  await flush();
  return { ...r, store };
}

const row = (version: number) => screen.getByTestId('versions-table').querySelector<HTMLElement>(`tr[data-version="${version}"]`)!;
const cell = (version: number, metric: string) => row(version).querySelector<HTMLElement>(`td[data-metric="${metric}"]`)!;

afterEach(cleanup);

describe('ModelsPanel', () => {
  it('says how to get a model here when the registry is empty', async () => {
    const r = registry();
    await setup({ ...r, api: { ...r.api, listModels: async () => [] } });
    expect(screen.getByTestId('models-empty').textContent).toContain('Run a pipeline with a Package model node');
  });

  it('shows names, then the versions side by side with stages, gate and the best value per metric marked', async () => {
    const { calls } = await setup();
    const names = within(screen.getByRole('listbox', { name: 'Registered models' })).getAllByRole('option');
    expect(names.map((n) => n.querySelector('.model-list__name')?.textContent)).toEqual(['adult', 'penguins']);
    // The first model is picked at first; penguins is picked with the keyboard (arrow down).
    fireEvent.keyDown(names[0], { key: 'ArrowDown' });
    await flush();
    expect(names[1].getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(names[1]);
    const headers = [...screen.getByTestId('versions-table').querySelectorAll('th')].map((th) => th.textContent);
    expect(headers).toEqual(['version', 'stage', 'created', 'gate', 'accuracy ↑', 'f1 ↑', 'log_loss ↓']);
    expect(row(1).querySelector('[data-stage]')?.textContent).toBe('production');
    expect(row(2).querySelector('[data-stage]')?.textContent).toBe('no stage');
    // Higher accuracy and f1 are better, lower log_loss.
    expect(
      [cell(1, 'accuracy'), cell(2, 'accuracy'), cell(1, 'f1'), cell(2, 'f1'), cell(1, 'log_loss'), cell(2, 'log_loss')].map((c) => c.dataset.best === 'true'),
    ).toEqual([false, true, true, false, false, true]);
    expect(row(1).textContent).toContain('✓ passed');
    expect(row(2).textContent).toContain('✗ failed');
    // The production version is shown first.
    expect(calls.at(-1)).toEqual(['showModel', 'penguins', 1]);
  });

  it('renders the card as text: its script and event handler never reach the page', async () => {
    await setup();
    fireEvent.click(screen.getAllByRole('option')[1]);
    await flush();
    fireEvent.keyDown(row(1), { key: 'ArrowDown' });
    await flush();
    // Why a version has its stage (a challenger archived by the gate) is said beside its badge.
    expect(screen.getByTestId('stage-reason').textContent).toBe(
      'the business-goal gate failed: accuracy better than the second model by at least 0.01 (measured -0.02)',
    );
    const card = screen.getByTestId('model-card');
    expect(card.querySelector('h4')?.textContent).toBe('Penguins');
    expect(card.querySelector('strong')?.textContent).toBe('PASSED');
    expect([...card.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['accuracy', '0.95', 'a | b', 'x']);
    expect(card.textContent).toContain('<script>window.pwned = 1</script>');
    expect(document.querySelector('script, img')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('promotes to production only after a confirmation that names the version it archives; Escape cancels', async () => {
    const { calls } = await setup();
    fireEvent.click(screen.getAllByRole('option')[1]);
    await flush();
    row(1).focus();
    fireEvent.keyDown(row(1), { key: 'ArrowDown' });
    await flush();
    expect(screen.getByTestId('version-detail').getAttribute('aria-label')).toBe('penguins version 2');
    fireEvent.click(screen.getByTestId('stage-production'));
    const dialog = screen.getByRole('dialog', { name: 'Promote penguins v2 to production?' });
    expect(dialog.textContent).toContain('Version 1 is in production now; it will be archived.');
    expect(calls.some((c) => c[0] === 'setModelStage')).toBe(false);
    // Escape cancels without a change and leaves the panel open.
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByTestId('stage-production'));
    fireEvent.click(screen.getByTestId('confirm-production'));
    await flush();
    await flush();
    expect(calls.filter((c) => c[0] === 'setModelStage')).toEqual([['setModelStage', 'penguins', 2, 'production']]);
    expect(row(1).querySelector('[data-stage]')?.textContent).toBe('archived');
    expect(row(2).querySelector('[data-stage]')?.textContent).toBe('production');
    expect(screen.getByTestId('stage-production').hasAttribute('disabled')).toBe(true);
    // Staging and archive need no confirmation.
    fireEvent.click(screen.getByTestId('stage-archived'));
    await flush();
    await flush();
    expect(calls.filter((c) => c[0] === 'setModelStage').at(-1)).toEqual(['setModelStage', 'penguins', 2, 'archived']);
  });

  it('opens the run that made a version in the run history, and says plainly when that run is not recorded', async () => {
    const { store, record } = await setup();
    fireEvent.click(screen.getAllByRole('option')[1]);
    await flush();
    // v1's run is not in the history.
    fireEvent.click(screen.getByTestId('open-model-run'));
    await flush();
    expect(screen.getByTestId('run-note').textContent).toBe(
      "Run run-1 is not in this workspace's run history: it was deleted, or the model was registered from another workspace.",
    );
    expect(store.getState().modelsOpen).toBe(true);
    fireEvent.click(row(2));
    await flush();
    expect(screen.queryByTestId('run-note')).toBeNull();
    const before = store.getState().historyRequest;
    fireEvent.click(screen.getByTestId('open-model-run'));
    await flush();
    expect(store.getState().inspectedRun).toBe(record);
    expect(store.getState().historyRequest).toBe(before + 1);
    expect(store.getState().panels.bottom).toBe(true);
    expect(store.getState().modelsOpen).toBe(false);
  });

  it('lists again when a run ends (a Package model node may have registered a version), and shows an HTML-only card as text', async () => {
    const r = registry();
    let lists = 0;
    const html = '<h1>Old card</h1><script>window.pwned = 3</script><p>Body text</p>';
    const api = {
      ...r.api,
      listModels: async () => (++lists, r.api.listModels()),
      showModel: async (name: string, version: number) => ({ ...(await r.api.showModel(name, version)), card: { html } }),
    };
    const { store } = await setup({ ...r, api });
    expect(lists).toBe(1);
    await act(async () => {
      store.getState().applyStudioEvents([{ type: 'run-started', runId: 'r9', at: 1, nodeIds: [], layers: [] }]);
    });
    await act(async () => {
      store.getState().applyStudioEvents([{ type: 'run-finished', runId: 'r9', at: 2, status: 'succeeded', durationMs: 1 }]);
    });
    await flush();
    expect(lists).toBe(2);
    const card = screen.getByText(/Old card/);
    expect(card.textContent).toBe('Old cardBody text');
    expect(document.querySelector('script')).toBeNull();
  });

  it('keeps editing shortcuts away from the hidden canvas, and closes on Escape', async () => {
    const { store } = await setup();
    const seen: string[] = [];
    const onKey = (e: KeyboardEvent) => seen.push(e.key);
    window.addEventListener('keydown', onKey);
    try {
      const panel = screen.getByTestId('models-panel');
      act(() => {
        fireEvent.keyDown(panel, { key: 'Delete' });
        fireEvent.keyDown(panel, { key: 'z', ctrlKey: true });
        fireEvent.keyDown(panel, { key: 's', ctrlKey: true });
      });
      expect(seen).toEqual(['s']);
      fireEvent.keyDown(panel, { key: 'Escape' });
      expect(store.getState().modelsOpen).toBe(false);
    } finally {
      window.removeEventListener('keydown', onKey);
    }
  });
});
