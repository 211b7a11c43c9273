import { expect, it } from 'vitest';
import { nextVariantName, variantNameProblem } from './variant-names.js';

it('offers the first free vN and refuses names the node would refuse', () => {
  expect(nextVariantName(['v1'])).toBe('v2');
  expect(nextVariantName(['v1', 'v3', 'short'])).toBe('v4');
  expect(nextVariantName(['v2', 'v4'])).toBe('v3');
  expect(variantNameProblem('short_2', ['v1'])).toBeUndefined();
  expect(variantNameProblem('v1', ['v1'])).toBe('A variant is already named "v1".');
  expect(variantNameProblem('with space', [])).toMatch(/^Use letters, digits and _ only/);
  expect(variantNameProblem('', [])).toMatch(/^Use letters/);
  expect(variantNameProblem('x'.repeat(41), [])).toMatch(/^Use letters/);
});
