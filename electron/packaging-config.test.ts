/**
 * The packaging config as electron-builder itself reads it (its own YAML loader and schema check,
 * not a regex over the file): the Electron fuses that keep the shipped binary from being used as a
 * general-purpose Node.js, or from loading code other than the app.asar it was built with.
 */
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema check', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets every security fuse', async () => {
    const fuses = (await getConfig(root, join(root, 'electron-builder.yml'), null)).electronFuses;
    expect(fuses).toBeDefined();
    // Not a Node.js in disguise: ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect are ignored.
    expect(fuses?.runAsNode).toBe(false);
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses?.enableNodeCliInspectArguments).toBe(false);
    // Only the app.asar whose hash was embedded at build time is loaded.
    expect(fuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses?.onlyLoadAppFromAsar).toBe(true);
    expect(fuses?.enableCookieEncryption).toBe(true);
    // The renderer comes from the app's own scheme, never file://.
    expect(fuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });
});
