// @vitest-environment happy-dom
/**
 * A run refused with HOST_NOT_ALLOWED (its message as the engine words it; test/trust/host-refusal.test.ts pins the template) opens the
 * allow-address dialog naming the address; focus starts on "Not now", Escape closes it without
 * allowing, and "Allow and run" asks the host to allow that address for the pipeline file, then runs again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CommandsProvider } from '../commands/commands-context.js';
import type { Commands } from '../commands/use-commands.js';
import { StudioApiProvider } from '../store/api-context.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { flush } from '../testing/flush.js';
import { testDefs } from '../testing/sample-defs.js';
import { DialogHost } from '../ui/dialog-host.js';
import { makeRunActions } from './use-run-actions.js';

afterEach(cleanup);

const BINDS = `the run did not start:\nnode "dep", param "host": binds 0.0.0.0, an address other than this machine (loopback), which this pipeline may not open by itself`;
const SENDS = `the run did not start:\nnode "ask", param "baseURL": this pipeline sends rows of adult-test to api.example.com, a host other than this machine that it may not use by itself`;

function setup(message: string) {
  const calls: unknown[][] = [];
  let refuse = true;
  const api = fakeApi({
    startRun: async () => {
      calls.push(['startRun']);
      if (refuse) throw Object.assign(new Error(message), { code: 'HOST_NOT_ALLOWED' });
      return { runId: 'run-2' };
    },
    allowHost: async (h, path) => {
      calls.push(['allowHost', h, path]);
      refuse = false;
      return [h];
    },
  });
  const store = createStudioStore({ defs: testDefs });
  store.setState({ filePath: '/ws/deploy.pipeline.json' });
  render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <CommandsProvider commands={{} as Commands}>
          <DialogHost />
        </CommandsProvider>
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  return { calls, actions: makeRunActions(api, store) };
}

describe('HOST_NOT_ALLOWED in the window', () => {
  it('asks to allow the address, Escape declines, "Allow and run" allows it for the file and runs again', async () => {
    const { calls, actions } = setup(BINDS);
    await actions.run({ mode: 'all' });
    await flush();
    const dialog = screen.getByRole('dialog', { name: 'Serve a model to other machines?' });
    expect(screen.getByTestId('allow-host-question').textContent).toBe('This pipeline serves a model on 0.0.0.0, reachable from other machines. Allow?');
    expect(document.activeElement?.textContent).toBe('Not now');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((c) => c[0] === 'allowHost')).toEqual([]);

    await actions.run({ mode: 'all' });
    await flush();
    fireEvent.click(screen.getByTestId('allow-host'));
    await flush();
    await flush();
    expect(calls.slice(-2)).toEqual([['allowHost', '0.0.0.0', '/ws/deploy.pipeline.json'], ['startRun']]);
  });
});

describe('HOST_NOT_ALLOWED for rows sent out (a Prompt node)', () => {
  it('names whose rows go where; "Allow and run" allows that host for the file and runs again', async () => {
    const { calls, actions } = setup(SENDS);
    await actions.run({ mode: 'all' });
    await flush();
    screen.getByRole('dialog', { name: 'Send rows to another server?' });
    expect(screen.getByTestId('allow-host-outbound').textContent).toBe('This pipeline sends rows of adult-test to api.example.com. Allow?');
    expect(screen.queryByTestId('allow-host-question')).toBeNull();
    fireEvent.click(screen.getByTestId('allow-host'));
    await flush();
    await flush();
    expect(calls.slice(-2)).toEqual([['allowHost', 'api.example.com', '/ws/deploy.pipeline.json'], ['startRun']]);
  });
});
