/**
 * The premade model's signature in the inspector: pick the penguins ONNX file with the window's file
 * browser and the engine's description (inputs, outputs, dynamic dimensions, opset, producer, doc
 * string, metadata) appears before anything runs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from './paths.js';
import { expect, test } from './fixtures.js';

const SAMPLE = join(SAMPLES_DIR, 'premade-validate.pipeline.json');

test('picking lifecycle_penguins_classifier.onnx shows its signature in the inspector', async ({ page, studio }, testInfo) => {
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.goto(`${studio.url}&open=${encodeURIComponent(SAMPLE)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(4);
  await page.getByTestId('node-premade').click();
  const path = page.locator('#param-premade-model');
  await expect(path).toHaveValue('data/premade/lifecycle_penguins_classifier.onnx');
  const signature = page.getByTestId('file-description');
  // A file that is not there is named; with no file there is nothing to describe.
  await path.fill('data/premade/nope.onnx');
  await expect(signature.locator('.field-error')).toContainText('no file at');
  await expect(signature.locator('.field-error')).toContainText('nope.onnx; pick the .onnx file again');
  await path.fill('');
  await expect(signature).toBeHidden();

  await page.getByTestId('param-premade-model-browse').click();
  const dialog = page.getByRole('dialog', { name: 'Choose a data file' });
  const option = (name: string) =>
    dialog.getByRole('option').filter({ has: page.locator('.file-browser-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
  await option('data').dblclick();
  await option('premade').dblclick();
  await option('lifecycle_penguins_classifier.onnx').click();
  await dialog.getByTestId('file-browser-choose').click();
  await expect(dialog).toBeHidden();
  await expect(path).toHaveValue('data/premade/lifecycle_penguins_classifier.onnx');

  await expect(signature.getByRole('table', { name: 'Inputs' }).getByRole('row')).toHaveText(['featuresfloat32[batch,4]']);
  // Right under the file field, not below the whole form.
  await expect(signature.getByRole('table', { name: 'Inputs' })).toBeInViewport();
  await expect(signature.getByRole('table', { name: 'Outputs' }).getByRole('row')).toHaveText(['logitsfloat32[batch,3]', 'probabilitiesfloat32[batch,3]']);
  await expect(signature.locator('.sig-dim-dynamic').first()).toHaveAttribute('title', 'dynamic dimension: any size');
  await expect(signature).toContainText('lifecycle-studio build-premade scikit-learn 1.2.1 · opset ai.onnx 13 · IR 8');
  await expect(signature).toContainText('Penguin species from four body measurements (logistic regression, made by Lifecycle Studio');
  await expect(signature.getByRole('table', { name: 'Metadata' }).getByRole('row')).toHaveText([
    'labelsAdelie,Chinstrap,Gentoo',
    'feature_orderbill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g',
  ]);
  await page.screenshot({ path: testInfo.outputPath('premade-signature.png') });

  // The column order and the class names the file gives fill the empty params, where they stay editable.
  await page.getByTestId('file-description-fill').click();
  await expect(page.getByTestId('file-description-fill')).toBeHidden();
  const mapping = page.getByRole('listitem', { name: 'mapping 1' });
  await expect(mapping.locator('input').first()).toHaveValue('features');
  await expect(mapping.locator('.chip')).toHaveText(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']);
  await expect(page.locator('#param-premade-labels').locator('xpath=..').locator('.chip')).toHaveText(['Adelie', 'Chinstrap', 'Gentoo']);
});
