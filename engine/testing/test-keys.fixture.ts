/**
 * Fake credentials in the real shapes, for tests of the secret guards. Assembled from parts so the
 * repository never holds a whole key-shaped literal that a scanner would (rightly) complain about.
 */
const rep = (s: string, n: number) => s.repeat(n);

export const TEST_KEYS = {
  openai: `sk-${'proj'}-${rep('Ab3dEf6h', 5)}`,
  aws: `AKIA${'IOSFODNN7EXAMPLE'}`,
  github: `ghp_${rep('x7Y2k9Q1', 5)}`,
  slack: `xoxb-${'1234567890'}-${'0987654321'}-${rep('AbCdEf', 4)}`,
  jwt: `eyJ${'hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'}.eyJ${'zdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ'}.${'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'}`,
  pem: `-----BEGIN ${'RSA PRIVATE'} KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM\n${rep('q1W2e3R4t5Y6', 5)}\n-----END ${'RSA PRIVATE'} KEY-----`,
} as const;

export type TestKeyName = keyof typeof TEST_KEYS;

/** The part of a key that must never appear in a written file: enough to be unique, no marker text. */
export function keyCore(name: TestKeyName): string {
  const key = TEST_KEYS[name];
  return name === 'pem' ? 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM' : key.slice(0, Math.min(key.length, 24));
}
