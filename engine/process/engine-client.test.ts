import { describe, expect, it } from 'vitest';
import { crashFailure, EngineClient } from './engine-client.js';

describe('crashFailure', () => {
  it('names the signal or the exit code in plain words', () => {
    expect(crashFailure({ code: null, signal: 'SIGKILL' }).message).toBe(
      'The engine process stopped unexpectedly (signal SIGKILL). Your pipeline and earlier outputs are safe; run again to continue.',
    );
    expect(crashFailure({ code: 3, signal: null })).toMatchObject({ code: 'ENGINE_CRASHED', message: expect.stringContaining('(exit code 3)'), hint: undefined });
  });

  it('recognises V8 running out of heap from what the process printed last', () => {
    const tail = '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
    const failure = crashFailure({ code: null, signal: 'SIGABRT' }, tail);
    expect(failure.hint).toMatch(/ran out of memory.*LIFECYCLE_STUDIO_ENGINE_MAX_OLD_SPACE_MB/);
    expect(failure.stack).toContain('FATAL ERROR');
  });
});

describe('EngineClient', () => {
  it('needs a way to start the engine', () => {
    expect(() => new EngineClient({ workspaceDir: '/tmp/x' })).toThrow('EngineClient needs `launch` or `entry`.');
  });
});
