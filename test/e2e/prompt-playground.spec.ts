/**
 * The Prompt node's playground in Chromium against the browser mode and the OpenAI-compatible
 * stand-in on 127.0.0.1 (started here; loopback needs no allowing). Open a prompt pipeline, select
 * the Prompt node, open the Playground: no rows until the node above runs ("Run “reviews”"); row 3
 * renders as the node sends it; Ctrl+Enter sends it (reply, validity, tokens, latency), again from the
 * cache (no second request); an edited template is sent and saved as a new variant, seen in the node's
 * params, and undone with Ctrl+Z. Screenshots in light and dark land in test-results/e2e.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import { expect, test } from './fixtures.js';

const ROWS = [
  'Wow... Loved this place.',
  'Crust is not good.',
  'Not tasty and the texture was just nasty.',
  'The selection on the menu was great and so were the prices.',
  'Now I am getting angry and I want my damn pho.',
];
const SYSTEM = 'Answer positive or negative.';

let server: StandIn;
test.beforeAll(async () => {
  server = await startStandIn();
});
test.afterAll(async () => {
  await server.close();
});

const promptPipeline = (baseUrl: string) => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'playground',
  name: 'Prompt playground',
  nodes: [
    { id: 'reviews', type: 'import-dataset', typeVersion: 1, params: { path: 'reviews.csv' }, position: { x: 40, y: 120 } },
    {
      id: 'prompt',
      type: 'prompt',
      typeVersion: 1,
      params: {
        provider: 'compatible',
        baseUrl,
        model: 'stand-in-small',
        apiKey: '',
        outputMode: 'label',
        labels: ['positive', 'negative'],
        variants: [{ name: 'v1', system: SYSTEM, template: 'Review: {{text}}' }],
      },
      position: { x: 340, y: 120 },
    },
  ],
  edges: [{ id: 'e1', source: { node: 'reviews', port: 'table' }, target: { node: 'prompt', port: 'table' } }],
});

test('Playground: pick row 3, send it, again from the cache, edit, save as a variant, undo', async ({ page, studio }, testInfo) => {
  test.setTimeout(180_000);
  writeFileSync(join(studio.dir, 'reviews.csv'), `text\n${ROWS.map((r) => `"${r}"`).join('\n')}\n`);
  const file = join(studio.dir, 'playground.pipeline.json');
  writeFileSync(file, JSON.stringify(promptPipeline(server.baseURL), null, 2));
  const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);
  await page.getByTestId('node-prompt').click({ position: { x: 30, y: 12 } });
  const pg = page.getByTestId('prompt-playground');
  await pg.locator('summary').click();

  // Nothing has run: the playground says which node to run, and runs it.
  // The first request waits for the engine process to be up (a loaded machine may take a while).
  await expect(pg.getByTestId('pg-problem')).toHaveAttribute('data-code', 'INPUT_NOT_READY', { timeout: 60_000 });
  await pg.getByTestId('pg-problem').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('playground-no-rows-light.png') });
  await pg.getByTestId('pg-run-first').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
  await expect(pg.getByTestId('pg-row-count')).toHaveText('of 5');
  expect(chats()).toBe(0);

  // Row 3 (the third line of reviews.csv), rendered as the node sends it: system, then the user turn.
  await pg.getByTestId('pg-row').fill('3');
  await expect(pg.getByTestId('pg-row-values')).toContainText(ROWS[2]);
  const messages = pg.getByTestId('pg-messages').locator('li');
  await expect(messages).toHaveCount(2);
  await expect(messages.nth(0)).toHaveAttribute('data-role', 'system');
  await expect(messages.nth(0).locator('pre')).toHaveText(SYSTEM);
  await expect(messages.nth(1).locator('pre')).toHaveText(`Review: ${ROWS[2]}`);
  expect(chats()).toBe(0);

  // Ctrl+Enter from the template sends it. "not" is the row's one keyword: negative; 4 + 9 words in, 1 out.
  await pg.getByTestId('pg-template').focus();
  await page.keyboard.press('Control+Enter');
  const reply = pg.getByTestId('pg-reply');
  await expect(reply.getByTestId('pg-raw')).toHaveText('Negative');
  await expect(reply.getByTestId('pg-value')).toHaveText('negative');
  await expect(reply.getByTestId('pg-valid')).toHaveText('valid');
  await expect(reply.getByTestId('pg-tokens-in')).toHaveText('13');
  await expect(reply.getByTestId('pg-tokens-out')).toHaveText('1');
  await expect(reply.getByTestId('pg-latency')).toHaveText(/^\d[\d,]* ms$/);
  await expect(reply.getByTestId('pg-cached')).toHaveCount(0);
  expect(chats()).toBe(1);
  // The window's own Ctrl+Enter (run the pipeline) did not fire: no run started, so the status still shows the import's run.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded');

  await pg.getByTestId('pg-send').click();
  await expect(reply.getByTestId('pg-cached')).toHaveText('from cache');
  expect(chats()).toBe(1);

  // An edit: the messages follow it; sent, it is asked (not cached).
  await pg.getByTestId('pg-template').fill('Review: {{text}}\nPositive or negative?');
  await expect(pg.getByTestId('pg-edited')).toBeVisible();
  await expect(messages.nth(1).locator('pre')).toHaveText(`Review: ${ROWS[2]}\nPositive or negative?`);
  await page.keyboard.press('Control+Enter');
  await expect(reply.getByTestId('pg-tokens-in')).toHaveText('16');
  await expect(reply.getByTestId('pg-cached')).toHaveCount(0);
  expect(chats()).toBe(2);
  await reply.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('playground-light.png') });

  // Save as new variant: it joins the node's variants (the generated form shows it), one undo step.
  await expect(pg.getByTestId('pg-new-name')).toHaveValue('v2');
  await pg.getByTestId('pg-save').click();
  const variants = page.locator('.inspector .records').first();
  const second = variants.getByRole('listitem', { name: 'variant 2' });
  await expect(second).toBeVisible();
  await expect(second.locator('input').first()).toHaveValue('v2');
  await expect(second.locator('textarea').last()).toHaveValue('Review: {{text}}\nPositive or negative?');
  await expect(pg.getByTestId('pg-variant').locator('option:checked')).toHaveText('v2');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await page.screenshot({ path: testInfo.outputPath('playground-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  await pg.getByTestId('pg-save').focus();
  await page.keyboard.press('Control+z');
  await expect(variants.getByRole('listitem', { name: 'variant 2' })).toHaveCount(0);
});
