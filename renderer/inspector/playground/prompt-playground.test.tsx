// @vitest-environment happy-dom
/**
 * The Playground section over a fake host: a send refused with HOST_NOT_ALLOWED asks before the row
 * leaves ("Allow and send" allows the host for the pipeline file, then sends again); Ctrl+Enter sends
 * without reaching the window's own Ctrl+Enter (run the pipeline); "Save as new variant" is one undo step.
 */
import { afterEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { PipelineDocument } from '../../../engine/document/schema.js';
import type { PlaygroundAnswer, PlaygroundRequest } from '../../../engine/playground-types.js';
import { nodeDefs } from '../../../nodes/defs.js';
import { StudioApiProvider } from '../../store/api-context.js';
import { createStudioStore } from '../../store/create-studio-store.js';
import { StudioStoreProvider } from '../../store/studio-store-context.js';
import { fakeApi } from '../../testing/fake-api.js';
import { PromptPlayground } from './prompt-playground.js';

afterEach(cleanup);

const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'pg',
  name: 'pg',
  nodes: [
    { id: 'ask', type: 'prompt', typeVersion: 1, params: { variants: [{ name: 'v1', system: '', template: 'Say {{text}}' }] }, position: { x: 0, y: 0 } },
  ],
  edges: [],
};
const base = { rowCount: 3, rowIndex: 0, columns: ['text'], row: { text: 'hi' }, messages: [{ role: 'user' as const, content: 'Say hi' }], model: 'm' };
const reply = { raw: 'hello', value: 'hello', valid: true, error: null, tokensIn: 2, tokensOut: 1, latencyMs: 5, cost: null, cached: false };
const refusal = { nodeId: 'ask', param: 'baseUrl', host: 'api.example.com', rowsOf: 'reviews' };

function setup() {
  const calls: unknown[][] = [];
  let allowed = false;
  const api = fakeApi({
    promptPlayground: async (_d, _n, request: PlaygroundRequest): Promise<PlaygroundAnswer> => {
      calls.push(['promptPlayground', request.send, request.variant.template]);
      if (!request.send) return base;
      if (!allowed)
        return { ...base, problem: { code: 'HOST_NOT_ALLOWED', message: 'this pipeline sends rows of reviews to api.example.com', refusals: [refusal] } };
      return { ...base, reply };
    },
    allowHost: async (host, path) => {
      calls.push(['allowHost', host, path]);
      allowed = true;
      return [host];
    },
  });
  const store = createStudioStore({ defs: nodeDefs });
  store.getState().loadDocument(doc, { path: '/ws/pg.pipeline.json' });
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <PromptPlayground nodeId="ask" />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  fireEvent.click(screen.getByText('Playground'));
  const details = screen.getByTestId('prompt-playground') as HTMLDetailsElement;
  details.open = true;
  fireEvent(details, new Event('toggle'));
  return { calls, store };
}

it('asks before the row leaves for a host not allowed, then allows it for the file and sends', async () => {
  const { calls } = setup();
  await waitFor(() => expect(screen.getByTestId('pg-messages').textContent).toContain('Say hi'));
  fireEvent.click(screen.getByTestId('pg-send'));
  await waitFor(() => expect(screen.getByTestId('pg-problem').getAttribute('data-code')).toBe('HOST_NOT_ALLOWED'));
  fireEvent.click(screen.getByTestId('pg-allow-host'));
  const dialog = screen.getByRole('dialog', { name: 'Send rows to another server?' });
  expect(dialog.textContent).toContain('This pipeline sends rows of reviews to api.example.com. Allow?');
  fireEvent.click(screen.getByRole('button', { name: 'Allow and send' }));
  await waitFor(() => expect(screen.getByTestId('pg-raw').textContent).toBe('hello'));
  expect(calls.filter((c) => c[0] !== 'promptPlayground' || c[1])).toEqual([
    ['promptPlayground', true, 'Say {{text}}'],
    ['allowHost', 'api.example.com', '/ws/pg.pipeline.json'],
    ['promptPlayground', true, 'Say {{text}}'],
  ]);
});

it('sends on Ctrl+Enter without the window seeing it, and saves the edit as one undoable variant', async () => {
  const { calls, store } = setup();
  await waitFor(() => expect(screen.getByTestId('pg-messages')).toBeTruthy());
  const seen: string[] = [];
  const onWindowKey = (e: KeyboardEvent) => seen.push(e.key);
  window.addEventListener('keydown', onWindowKey);
  try {
    fireEvent.change(screen.getByTestId('pg-template'), { target: { value: 'Shout {{text}}' } });
    fireEvent.keyDown(screen.getByTestId('pg-template'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(calls).toContainEqual(['promptPlayground', true, 'Shout {{text}}']));
    expect(seen).toEqual([]);
  } finally {
    window.removeEventListener('keydown', onWindowKey);
  }
  expect((screen.getByTestId('pg-new-name') as HTMLInputElement).value).toBe('v2');
  fireEvent.click(screen.getByTestId('pg-save'));
  const variants = () => store.getState().doc.nodes[0].params.variants;
  expect(variants()).toEqual([
    { name: 'v1', system: '', template: 'Say {{text}}' },
    { name: 'v2', system: '', template: 'Shout {{text}}' },
  ]);
  store.getState().undo();
  expect(variants()).toEqual([{ name: 'v1', system: '', template: 'Say {{text}}' }]);
});
