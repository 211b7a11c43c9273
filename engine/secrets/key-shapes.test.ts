import { describe, expect, it } from 'vitest';
import { findKeyShape, redactKeys, redactKeysDeep } from './key-shapes.js';
import { keyCore, TEST_KEYS, type TestKeyName } from '../testing/test-keys.fixture.js';

describe('key shapes', () => {
  it.each(Object.keys(TEST_KEYS) as TestKeyName[])('finds and redacts a %s key inside other text', (name) => {
    const text = `before ${TEST_KEYS[name]} after`;
    expect(findKeyShape(text)).toBeDefined();
    const out = redactKeys(text);
    expect(out).not.toContain(keyCore(name));
    expect(out).toMatch(/^before \[redacted [a-z-]+ #[0-9a-f]{8}\] after$/);
    // Redacting twice changes nothing: the marker is not itself key-shaped.
    expect(redactKeys(out)).toBe(out);
  });

  it('leaves look-alikes alone: words ending in sk-, short ids, column names', () => {
    for (const text of ['task-assignment-for-the-quarterly-review', 'AKIA123', 'SELECT ghp_count FROM a', 'eyJ.eyJ.x', 'sk-short']) {
      expect(findKeyShape(text)).toBeUndefined();
      expect(redactKeys(text)).toBe(text);
    }
  });

  it('two different keys get different markers, the same key the same one', () => {
    const other = `sk-${'proj'}-${'Zy9xWv8u'.repeat(5)}`;
    expect(redactKeys(TEST_KEYS.openai)).not.toBe(redactKeys(other));
    expect(redactKeys(TEST_KEYS.openai)).toBe(redactKeys(TEST_KEYS.openai));
  });

  it('redacts deep inside arrays and objects, keys included, keeping a __proto__ key as an own property', () => {
    const value = JSON.parse(`{"a":[{"b":"x ${TEST_KEYS.github}"}],"${TEST_KEYS.aws}":1,"__proto__":{"c":"${TEST_KEYS.slack}"}}`) as Record<string, unknown>;
    const out = redactKeysDeep(value);
    const text = JSON.stringify(out);
    for (const name of ['github', 'aws', 'slack'] as const) expect(text).not.toContain(keyCore(name));
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
