/**
 * Addresses other than loopback the user allowed a pipeline's Deploy nodes to bind. Like allowed
 * folders: kept in the user's config folder keyed by the pipeline file's real path, never in the
 * document, because a shared pipeline must not expose a model to the network by itself.
 */
import { realpath } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { readConfigField } from './config-json.js';
import { HostError } from './host-error.js';

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class AllowedHosts {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string, fileName = 'allowed-hosts.json') {
    this.file = join(configDir, fileName);
  }

  private async read(): Promise<Record<string, string[]>> {
    const pipelines = await readConfigField(this.file, 'pipelines');
    return typeof pipelines === 'object' && pipelines !== null ? (pipelines as Record<string, string[]>) : {};
  }

  /** The addresses allowed for the pipeline file at `pipelinePath` (none for an unsaved document). */
  async list(pipelinePath: string | undefined): Promise<string[]> {
    if (!pipelinePath) return [];
    const key = await realpath(pipelinePath).catch(() => pipelinePath);
    const hosts = (await this.read())[key];
    return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [];
  }

  /**
   * Remembers `host` for the pipeline file.
   *
   * @throws HostError PATH_REQUIRED for an unsaved pipeline, BAD_REQUEST when `host` is neither an IP address nor a host name.
   */
  add(pipelinePath: string | undefined, host: string): Promise<string[]> {
    const next = this.queue.then(async () => {
      if (!pipelinePath) throw new HostError('PATH_REQUIRED', 'save the pipeline first: allowed addresses are remembered per pipeline file');
      const h = host.trim();
      if (!isIP(h) && !HOSTNAME.test(h)) throw new HostError('BAD_REQUEST', `"${host}" is neither an IP address nor a host name`);
      const key = await realpath(pipelinePath);
      const stored = await this.read();
      stored[key] = [...new Set([...(stored[key] ?? []), h])];
      await writeFileAtomic(this.file, `${JSON.stringify({ pipelines: stored }, null, 2)}\n`);
      return stored[key];
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
