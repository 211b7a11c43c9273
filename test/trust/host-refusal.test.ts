/** The window reads the engine's HOST_NOT_ALLOWED message back: pinned here against the template itself. */
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../engine/errors.js';
import { parseHostRefusals } from '../../renderer/run/host-refusal.js';

describe('parseHostRefusals', () => {
  it("reads node, param and address from the engine's own HOST_NOT_ALLOWED lines", () => {
    const two = [errorMessage('HOST_NOT_ALLOWED', 'dep', 'host', '0.0.0.0'), errorMessage('HOST_NOT_ALLOWED', 'dep 2', 'host', '192.0.2.7')].join('\n');
    expect(parseHostRefusals(two)).toEqual([
      { nodeId: 'dep', param: 'host', host: '0.0.0.0' },
      { nodeId: 'dep 2', param: 'host', host: '192.0.2.7' },
    ]);
    expect(parseHostRefusals('The run did not start: the engine is closed')).toEqual([]);
  });

  it("reads a Prompt node's outbound host and whose rows it would receive", () => {
    const both = [
      errorMessage('HOST_NOT_ALLOWED_OUTBOUND', 'ask', 'baseURL', 'adult-test', 'api.example.com'),
      errorMessage('HOST_NOT_ALLOWED', 'dep', 'host', '0.0.0.0'),
    ].join('\n');
    expect(parseHostRefusals(both)).toEqual([
      { nodeId: 'ask', param: 'baseURL', host: 'api.example.com', rowsOf: 'adult-test' },
      { nodeId: 'dep', param: 'host', host: '0.0.0.0' },
    ]);
  });
});
