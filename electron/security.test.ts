import { describe, expect, it } from 'vitest';
import { appUrlToRelativePath, CONTENT_SECURITY_POLICY, isTrustedAppUrl, secureWebPreferences } from './security.js';

describe('desktop security policy', () => {
  it('trusts only pages of the app scheme and host', () => {
    expect(isTrustedAppUrl('studio-app://renderer/index.html?open=%2Ftmp%2Fa.pipeline.json')).toBe(true);
    expect(isTrustedAppUrl('file:///home/u/dist/renderer/index.html')).toBe(false);
    expect(isTrustedAppUrl('https://renderer/index.html')).toBe(false);
    expect(isTrustedAppUrl('studio-app://evil/index.html')).toBe(false);
    expect(isTrustedAppUrl('studio-app://user:pw@renderer/')).toBe(false);
    expect(isTrustedAppUrl('')).toBe(false);
    expect(isTrustedAppUrl(undefined)).toBe(false);
  });

  it('maps app URLs to files inside the renderer folder and refuses escapes', () => {
    expect(appUrlToRelativePath('studio-app://renderer/')).toBe('index.html');
    expect(appUrlToRelativePath('studio-app://renderer/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(appUrlToRelativePath('studio-app://renderer/assets/..%2F..%2Fmain.cjs')).toBeUndefined();
    expect(appUrlToRelativePath('studio-app://other/index.html')).toBeUndefined();
  });

  it('keeps the window sandboxed and the CSP free of eval and remote hosts', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });
});
