/** The playground's answer leaves the host with no secret value in any text, whatever a server echoed. */
import { expect, it } from 'vitest';
import { withoutSecretValues } from './playground-handlers.js';

it('cuts every secret value out of every string, at any depth, and leaves the rest as it was', () => {
  const key = 'sk-echoed-by-a-proxy-1234567890';
  const answer = {
    rowCount: 2,
    messages: [{ role: 'user', content: `token ${key} twice ${key}` }],
    problem: { code: 'LLM_REQUEST_FAILED', message: `400: header Authorization: Bearer ${key}` },
    reply: null,
  };
  expect(withoutSecretValues(answer, [key, ''])).toEqual({
    rowCount: 2,
    messages: [{ role: 'user', content: 'token [redacted secret] twice [redacted secret]' }],
    problem: { code: 'LLM_REQUEST_FAILED', message: '400: header Authorization: Bearer [redacted secret]' },
    reply: null,
  });
  // Values too short to be keys are left alone: cutting "a" would garble every answer.
  expect(withoutSecretValues({ text: 'a cat' }, ['a'])).toEqual({ text: 'a cat' });
});
