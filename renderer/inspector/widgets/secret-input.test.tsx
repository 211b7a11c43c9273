// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { SecretList } from '../../../engine/contract.js';
import type { SecretParam } from '../../../engine/node-def.js';
import { StudioApiProvider } from '../../store/api-context.js';
import { createStudioStore } from '../../store/create-studio-store.js';
import { StudioStoreProvider } from '../../store/studio-store-context.js';
import { fakeApi } from '../../testing/fake-api.js';
import { testDefs } from '../../testing/sample-defs.js';
import { SecretInput } from './secret-input.js';

const spec: SecretParam = { kind: 'secret', label: 'API key', default: '' };
const VALUE = 'sk-live-0123456789abcdef0123456789abcdef';

afterEach(() => cleanup());

/** A host with a keychain that records what it was given. */
function keychainHost(writable: boolean, reason?: string) {
  const kept = new Map<string, string>();
  const sets: [string, string][] = [];
  const api = fakeApi({
    listSecrets: async (check): Promise<SecretList> => ({
      secrets: (check ?? []).filter((n) => kept.has(n)).map((name) => ({ name, source: 'keychain' as const })),
      missing: (check ?? []).filter((n) => !kept.has(n)),
      store: writable ? { writable } : { writable, reason },
    }),
    setSecret: async (name, value) => {
      sets.push([name, value]);
      kept.set(name, value);
      return { name, source: 'keychain' };
    },
  });
  return { api, sets };
}

async function renderWidget(api: ReturnType<typeof fakeApi>, name: string) {
  const store = createStudioStore({ defs: testDefs });
  const view = render(
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <SecretInput id="param-x-apiKey" spec={spec} value={name} onChange={() => undefined} invalid={false} nodeId="x" />
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  // The lookup waits 250 ms after the last keystroke.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 300));
  });
  return { view, store };
}

describe('SecretInput', () => {
  it('says a missing secret is not set, stores a value through a password field, and never shows it', async () => {
    const { api, sets } = keychainHost(true);
    const { view } = await renderWidget(api, 'OPENAI_API_KEY');
    expect(screen.getByTestId('param-x-apiKey-secret-status').textContent).toContain('Not set');
    fireEvent.click(screen.getByRole('button', { name: 'Set value…' }));
    const field = screen.getByLabelText('Value of secret OPENAI_API_KEY') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: VALUE } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(sets).toEqual([['OPENAI_API_KEY', VALUE]]);
    expect(screen.getByTestId('param-x-apiKey-secret-status').textContent).toContain('Set in the keychain');
    expect(screen.queryByLabelText('Value of secret OPENAI_API_KEY')).toBeNull();
    // Nowhere in the DOM: not as text, not as an input's value.
    expect(view.container.innerHTML).not.toContain(VALUE);
    expect([...view.container.querySelectorAll('input')].map((i) => i.value)).not.toContain(VALUE);
  });

  it('where the host has no keychain, offers no Set button and says to use an environment variable', async () => {
    const { api } = keychainHost(false, 'the browser mode keeps no secrets; set it as an environment variable');
    await renderWidget(api, 'OPENAI_API_KEY');
    expect(screen.getByTestId('param-x-apiKey-secret-status').textContent).toContain('environment variable');
    expect(screen.queryByRole('button', { name: 'Set value…' })).toBeNull();
  });

  it('shows no status for text that is not a secret name', async () => {
    const { api } = keychainHost(true);
    await renderWidget(api, VALUE);
    expect(screen.queryByTestId('param-x-apiKey-secret-status')).toBeNull();
  });
});
