/**
 * The editor in a real Chromium against a real `lifecycle-studio serve`: build a pipeline by
 * dragging from the palette, wire it (and see a wrong wire refused with its reason), edit params,
 * undo/redo, save, reload and reopen, export and re-import, auto-layout. Screenshots are kept as
 * artifacts in light and dark themes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const handle = (page: Page, id: string, port: string, side: 'source' | 'target') =>
  page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${side}[data-handleid="${port}"]`);

async function center(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a wire from one handle to another with real mouse moves; `beforeRelease` runs while hovering. */
async function wire(page: Page, from: Locator, to: Locator, beforeRelease?: () => Promise<void>) {
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  if (beforeRelease) await beforeRelease();
  await page.mouse.up();
}

/** Node positions as the canvas shows them (React Flow translates each node). */
async function positions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  return page.$$eval('.react-flow__node-pipeline', (els) =>
    Object.fromEntries(
      els.map((el) => {
        const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec((el as HTMLElement).style.transform)!;
        return [el.getAttribute('data-id'), { x: Number(m[1]), y: Number(m[2]) }];
      }),
    ),
  );
}

/**
 * In the Save as / Export folder browser: into the workspace, then the file name. An unsaved
 * pipeline starts at Home (click the Workspace place); a saved one starts beside its file.
 */
async function saveInWorkspace(page: Page, name: string, from: 'home' | 'beside the file') {
  const dialog = page.getByRole('dialog', { name: /^(Save pipeline as|Export pipeline)/ });
  if (from === 'home') await dialog.getByRole('navigation', { name: 'Places' }).getByRole('button', { name: 'Workspace' }).click();
  await expect(dialog.getByTestId('file-browser-path')).toHaveAttribute('title', /workspace$/);
  await dialog.getByLabel('File name').fill(name);
  await dialog.getByTestId('file-browser-choose').click();
}

const withoutViewport = (doc: Record<string, unknown>) => {
  const { viewport: _v, ...rest } = doc;
  return rest;
};

test('build, wire, edit, undo/redo, save, reopen, export, re-import and lay out a pipeline', async ({ page, studio }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(studio.url);
  const canvas = page.getByTestId('canvas');
  await expect(page.getByTestId('palette-import-dataset')).toBeVisible();

  // Three nodes dragged from the palette onto the canvas.
  await page.getByTestId('palette-import-dataset').dragTo(canvas, { targetPosition: { x: 150, y: 160 } });
  await page.getByTestId('palette-clean').dragTo(canvas, { targetPosition: { x: 450, y: 320 } });
  await page.getByTestId('palette-split').dragTo(canvas, { targetPosition: { x: 750, y: 160 } });
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'true');

  // Two valid wires.
  await wire(page, handle(page, 'import-dataset-1', 'table', 'source'), handle(page, 'clean-1', 'input', 'target'));
  await wire(page, handle(page, 'clean-1', 'output', 'source'), handle(page, 'split-1', 'input', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // A wrong wire: split's output back into clean's (already wired) input. Refused, with the reason shown.
  await wire(page, handle(page, 'split-1', 'train', 'source'), handle(page, 'clean-1', 'input', 'target'), async () => {
    await expect(page.getByTestId('connection-hint')).toContainText('already has a connection');
    await shot('wrong-connection-hint');
  });
  await expect(page.getByTestId('toast').filter({ hasText: 'Connection refused' })).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Edit params in the generated inspector: an invalid value is explained inline, then a valid one.
  await node(page, 'split-1').click();
  const testShare = page.locator('#param-split-1-testRatio');
  await testShare.fill('1.5');
  await expect(page.locator('[data-param="testRatio"] .field-error')).toContainText('between 0.01 and 0.99');
  await expect(node(page, 'split-1').getByLabel('invalid params')).toBeVisible();
  await testShare.fill('0.3');
  await expect(page.locator('[data-param="testRatio"] .field-error')).toHaveCount(0);
  await expect(node(page, 'split-1')).toContainText('Test share: 0.3');
  await page.locator('#param-split-1-shuffle').click(); // off: the seed field disappears (showWhen)
  await expect(page.locator('#param-split-1-seed')).toHaveCount(0);
  await shot('edited-light');

  // Undo and redo with the keyboard (focus on the canvas, not a text field).
  await node(page, 'split-1').click();
  await page.keyboard.press('Control+z');
  await expect(page.locator('#param-split-1-seed')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(testShare).toHaveValue('0.2');
  await page.keyboard.press('Control+Shift+z');
  await expect(testShare).toHaveValue('0.3');
  await page.keyboard.press('Control+y');
  await expect(page.locator('#param-split-1-seed')).toHaveCount(0);

  // Save (browser mode asks in the window's folder browser), then the dirty marker goes.
  const savedPath = join(studio.dir, 'workspace', 'e2e.pipeline.json');
  await page.keyboard.press('Control+s');
  await saveInWorkspace(page, 'e2e.pipeline.json', 'home');
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved to' })).toBeVisible();
  await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'false');
  const saved = JSON.parse(readFileSync(savedPath, 'utf8'));
  expect(saved.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['clean-1', 'import-dataset-1', 'split-1']);
  expect(saved.edges.map((e: { source: { node: string }; target: { node: string } }) => `${e.source.node}->${e.target.node}`).sort()).toEqual([
    'clean-1->split-1',
    'import-dataset-1->clean-1',
  ]);
  expect(saved.nodes.find((n: { id: string }) => n.id === 'split-1').params).toMatchObject({ testRatio: 0.3, shuffle: false });

  // Reload and reopen from the recent list.
  await page.reload();
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(0);
  await page.getByTestId('file-menu').click();
  await page.getByRole('menuitem', { name: 'e2e.pipeline.json' }).click();
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(node(page, 'split-1')).toContainText('Test share: 0.3');

  // Export, then import the exported file: the same document comes back.
  const exportPath = join(studio.dir, 'workspace', 'exported.pipeline.json');
  await page.getByTestId('file-menu').click();
  await page.getByTestId('menu-export').click();
  await saveInWorkspace(page, 'exported.pipeline.json', 'beside the file');
  await expect(page.getByTestId('toast').filter({ hasText: 'Exported to' })).toBeVisible();
  await page.getByTestId('import-file-input').setInputFiles(exportPath);
  await expect(page.getByTestId('toast').filter({ hasText: 'Imported exported.pipeline.json' })).toBeVisible();
  const reimportPath = join(studio.dir, 'workspace', 'reimported.pipeline.json');
  await page.keyboard.press('Control+Shift+s');
  // The imported document has no file yet, so Save as starts at Home.
  await saveInWorkspace(page, 'reimported.pipeline.json', 'home');
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved to' })).toBeVisible();
  const exported = JSON.parse(readFileSync(exportPath, 'utf8'));
  const reimported = JSON.parse(readFileSync(reimportPath, 'utf8'));
  expect(withoutViewport(reimported)).toEqual(withoutViewport(exported));
  expect(withoutViewport(exported)).toEqual(withoutViewport(saved));

  // A broken file is refused with JSON paths, and the canvas stays as it was.
  await page.getByTestId('import-file-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...exported, nodes: [{ ...exported.nodes[0], position: { x: 'left' } }] })),
  });
  await expect(page.getByTestId('import-errors')).toContainText('nodes[0].position');
  await page.keyboard.press('Escape');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);

  // Auto-layout: move split to the far left, lay out, and the chain reads left to right again.
  const splitBox = await center(node(page, 'split-1'));
  await page.mouse.move(splitBox.x, splitBox.y);
  await page.mouse.down();
  await page.mouse.move(splitBox.x - 600, splitBox.y + 200, { steps: 10 });
  await page.mouse.up();
  const before = await positions(page);
  expect(before['split-1'].x).toBeLessThan(before['clean-1'].x);
  await page.getByTestId('auto-layout').click();
  await expect
    .poll(async () => {
      const p = await positions(page);
      return p['import-dataset-1'].x < p['clean-1'].x && p['clean-1'].x < p['split-1'].x;
    })
    .toBe(true);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await positions(page))['split-1'].x).toBe(before['split-1'].x);
  await page.keyboard.press('Control+Shift+z');
  await shot('laid-out-light');

  // Dark theme (system -> light -> dark).
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await node(page, 'clean-1').click();
  await shot('laid-out-dark');
  // Saved: no recovery copy is left for the next test's window.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'false');
});

test('keyboard and shortcuts: palette Enter, quick-add, Tab to nodes, copy/paste, duplicate, delete, notes, CSV drop', async ({
  page,
  studio,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: studio.origin });
  await page.goto(studio.url);
  await expect(page.getByTestId('palette-split')).toBeVisible();

  // A palette item is a button: focus it and press Enter to add the node.
  await page.getByTestId('palette-split').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(1);

  // Quick-add: double-click the empty canvas, type, pick with the arrows and Enter.
  const pane = page.locator('.react-flow__pane');
  await pane.dblclick({ position: { x: 200, y: 420 } });
  await page.keyboard.type('sql');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node-pipeline[data-id="sql-transform-1"]')).toHaveCount(1);

  // Tab reaches the canvas nodes; Enter selects the focused one.
  await page.locator('.react-flow__node[data-id="split-1"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node[data-id="split-1"]')).toHaveClass(/selected/);
  await expect(page.getByTestId('inspector-node')).toContainText('split-1');

  // Duplicate, copy and paste through the system clipboard, delete; each undoable.
  await page.keyboard.press('Control+d');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await page.keyboard.press('Control+c');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.format).toBe('lifecycle-studio.pipeline');
  expect(copied.nodes.map((n: { type: string }) => n.type)).toEqual(['split']);
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(4);
  await expect(page.locator('.react-flow__node-pipeline[data-id="split-3"]')).toHaveCount(1);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(4);
  await page.keyboard.press('Control+a');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(4);

  // A sticky note, typed into.
  await page.getByTestId('add-note').click();
  await page.getByLabel('Note text').fill('Check the class balance before training');
  await pane.click({ position: { x: 40, y: 40 } });
  await expect(page.locator('.react-flow__node-note')).toContainText('Check the class balance');

  // A CSV dropped on the window: an import node for it plus an instant preview of its first rows.
  const csv = 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n';
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'flowers.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.getByTestId('canvas').dispatchEvent('dragover', { dataTransfer: transfer, clientX: 700, clientY: 500 });
  await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer: transfer, clientX: 700, clientY: 500 });
  await expect(page.getByTestId('csv-preview')).toContainText('flowers.csv');
  await expect(page.getByTestId('csv-preview').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('csv-preview').locator('th')).toHaveText(['sepal_length', 'sepal_width', 'species']);
  await expect(page.locator('.react-flow__node-pipeline[data-id="import-dataset-1"]')).toContainText('flowers.csv');

  // The shortcut list, with Ctrl names on Linux.
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Ctrl+Shift+Z');
  await page.screenshot({ path: testInfo.outputPath('shortcuts.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('csv-preview').getByLabel('Close preview').click();
  await page.screenshot({ path: testInfo.outputPath('keyboard-light.png') });

  // Leaving with unsaved work asks first (in-app confirm before New).
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('dialog', { name: 'Unsaved changes' })).toBeVisible();
  await page.getByTestId('confirm-discard').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
});

test('a wire between different port kinds is refused with the kinds named', async ({ page, studio }, testInfo) => {
  await page.goto(studio.url);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-split').dragTo(canvas, { targetPosition: { x: 200, y: 200 } });
  await page.getByTestId('palette-score').dragTo(canvas, { targetPosition: { x: 600, y: 260 } });
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);
  await wire(page, handle(page, 'split-1', 'train', 'source'), handle(page, 'score-1', 'model', 'target'), async () => {
    await expect(page.getByTestId('connection-hint')).toHaveText(/a table output cannot feed a model input/);
  });
  await expect(page.getByTestId('toast').filter({ hasText: 'a table output cannot feed a model input' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('kind-refused.png') });
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  // The matching kind is accepted.
  await wire(page, handle(page, 'split-1', 'test', 'source'), handle(page, 'score-1', 'table', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  // Discard this window's work so no recovery copy is left behind.
  await page.keyboard.press('Control+n');
  await page.getByTestId('confirm-discard').click();
});

test('unsaved work: the page asks before closing, autosaves, and offers to restore it on the next start', async ({ page, studio }) => {
  await page.goto(studio.url);
  await page.getByTestId('palette-clean').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 200 } });
  await page.getByTestId('palette-split').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 600, y: 200 } });
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);
  // Autosave runs every 5 s while the document is dirty: wait for its copy with both nodes on disk
  // (the server's config folder), however long a loaded machine takes to write it.
  await expect.poll(() => recoveredNodeTypes(join(studio.dir, 'config', 'recovery')), { timeout: 60_000 }).toContain('clean,split');
  const prompts: string[] = [];
  page.on('dialog', (d) => {
    prompts.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(prompts).toEqual(['beforeunload']);
  await page.getByTestId('restore-recovery').click();
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);
  await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'true');
});

/** The node types of each recovery copy in `dir`, sorted and joined ("clean,split"); none while the folder is missing. */
function recoveredNodeTypes(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.recovery.json'))
    .map((n) => {
      try {
        const saved = JSON.parse(readFileSync(join(dir, n), 'utf8')) as { document?: { nodes?: { type: string }[] } };
        return (saved.document?.nodes ?? [])
          .map((node) => node.type)
          .sort()
          .join(',');
      } catch {
        return ''; // a copy being replaced at this moment; the next poll reads it whole
      }
    });
}
