/**
 * Secret values for `secret` params. A pipeline stores only a secret's NAME; the value comes from
 * an encrypted store (the desktop's OS keychain through Electron safeStorage) or the environment.
 * This file knows nothing of Electron: the desktop hands in the cipher.
 */
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import type { ParamKindLookup } from './export-guard.js';
import { HostError } from './host-error.js';

/** Names look like environment variables, so one name works in the keychain and in the shell. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A place secret values live. Names may be listed; values leave only for a run. */
export interface SecretStore {
  /** Whether `set` works here, and if not, what the user should do instead. */
  writable(): { writable: boolean; reason?: string };
  names(): Promise<string[]>;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

/** Encrypts and decrypts with a key the OS keeps (Electron `safeStorage`). */
export interface SecretCipher {
  /** Undefined when encryption works; else why it does not (no keyring, ...). */
  unavailableReason(): string | undefined;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/** The file of the encrypted store inside the per-user folder. */
export const SECRETS_FILE = 'secrets.json';

/**
 * Secrets encrypted one by one with the OS key and kept in `<dir>/secrets.json` as base64. The file
 * holds ciphertext only, is written atomically and readable by the user alone.
 */
export class EncryptedSecretFile implements SecretStore {
  private readonly file: string;
  /** Serialises writes so two quick `set`s do not lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.file = join(dir, SECRETS_FILE);
  }

  writable(): { writable: boolean; reason?: string } {
    const reason = this.cipher.unavailableReason();
    return reason ? { writable: false, reason } : { writable: true };
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new HostError('FILE_UNREADABLE', `cannot read the secret store "${this.file}": ${(err as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // Reported below.
    }
    throw new HostError('FILE_UNREADABLE', `the secret store "${this.file}" is damaged; delete it and set the secrets again`);
  }

  private write(entries: Record<string, string>): Promise<void> {
    const next = this.queue.then(async () => {
      await writeFileAtomic(this.file, `${JSON.stringify(entries, null, 2)}\n`);
      await chmod(this.file, 0o600).catch(() => undefined);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async names(): Promise<string[]> {
    return Object.keys(await this.read()).sort();
  }

  async get(name: string): Promise<string | undefined> {
    const encrypted = (await this.read())[name];
    if (encrypted === undefined) return undefined;
    try {
      return this.cipher.decrypt(Buffer.from(encrypted, 'base64'));
    } catch (err) {
      throw new HostError('SECRET_UNAVAILABLE', `the keychain could not decrypt secret "${name}" (${(err as Error).message}); set it again`);
    }
  }

  async set(name: string, value: string): Promise<void> {
    const reason = this.cipher.unavailableReason();
    if (reason) throw new HostError('SECRET_STORE_UNAVAILABLE', `cannot store secret "${name}": ${reason}`);
    const entries = await this.read();
    entries[name] = this.cipher.encrypt(value).toString('base64');
    await this.write(entries);
  }

  async delete(name: string): Promise<boolean> {
    const entries = await this.read();
    if (!(name in entries)) return false;
    delete entries[name];
    await this.write(entries);
    return true;
  }
}

/** The secret names a document's `secret` params refer to. */
export function secretNamesOf(document: PipelineDocument, kindOf: ParamKindLookup | undefined): string[] {
  if (!kindOf) return [];
  const names = new Set<string>();
  for (const node of document.nodes) {
    for (const [param, value] of Object.entries(node.params)) {
      if (kindOf(node.type, param) === 'secret' && typeof value === 'string' && value) names.add(value);
    }
  }
  return [...names];
}

/**
 * Values for a run: the store first (the user set it in the app on purpose), then the environment.
 * Names found in neither are left out, and the node that needs one fails naming it.
 */
export async function resolveSecretValues(
  names: readonly string[],
  store: SecretStore | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const stored = store ? await store.get(name) : undefined;
    const value = stored ?? env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
