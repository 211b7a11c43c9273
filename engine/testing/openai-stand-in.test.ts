/** The stand-in answers the official client like an OpenAI-compatible server: models, embeddings, chat. */
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn, type StandIn } from './openai-stand-in.js';

let server: StandIn;
let client: OpenAI;
beforeAll(async () => {
  server = await startStandIn();
  client = new OpenAI({ apiKey: 'none', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

it('lists its models', async () => {
  expect((await client.models.list()).data.map((m) => m.id)).toEqual(['stand-in-small', 'stand-in-large']);
});

it('embeds deterministically: positive words, negative words, words, 1', async () => {
  const res = await client.embeddings.create({ model: 'stand-in-small', input: ['Great food, not bad', 'ok'], encoding_format: 'float' });
  // Hand count: great (+); not, bad (-); 4 words. "ok": none of either list, 1 word.
  expect(res.data.map((d) => d.embedding)).toEqual([
    [1, 2, 4, 1],
    [0, 0, 1, 1],
  ]);
  expect(res.usage.prompt_tokens).toBe(5);
});

it('classifies by keywords when asked for sentiment, and echoes otherwise', async () => {
  const ask = async (content: string, system = 'Sentiment: positive or negative?') =>
    (
      await client.chat.completions.create({
        model: 'stand-in-large',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content },
        ],
      })
    ).choices[0].message.content;
  expect(await ask('I loved it')).toBe('Positive.');
  expect(await ask('not good')).toBe('Negative');
  expect(await ask('hello', 'Be brief.')).toBe('You said: hello');
});
