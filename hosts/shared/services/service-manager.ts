/**
 * The workspace's long-lived model servers: start one (detached, waited on until ready), swap a new
 * version of the same model into the one a Deploy node already runs, list them with a live status,
 * stop, restart, and stop on quit those not kept running. Every process on the workspace (engine,
 * window host, CLI) sees the same services through the registry file; exits this process observes
 * are recorded with their reason, others when a listing finds the process gone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DeployRequest, DeployedService, ServiceInfo, ServiceMetrics, ServiceProvider, ServiceStatus } from '../../../engine/services.js';
import { ServiceRegistryFile, type ServiceRecord } from './registry-file.js';
import { defaultServerCommand, describeExit, healthReady, isServiceProcess, lastLines, launchServer, stopProcess, waitReady } from './service-process.js';
import { readServedIdentity, readServiceMetrics, recentRequests } from './service-metrics.js';

export type { ServiceInfo, ServiceStatus };

export interface ServiceManagerOptions {
  workspaceDir: string;
  /** Program and leading arguments running `serve-model` (default: this checkout's CLI). */
  serverCommand?: readonly string[];
  /** Secret values by name, for restarting a service started with an API key. */
  secret?: (name: string) => Promise<string | undefined> | string | undefined;
}

type StartRequest = Omit<DeployRequest, 'modelDir' | 'owner'> & { packageDir: string; id?: string; owner?: string };

export class ServiceError extends Error {
  constructor(
    readonly code: 'SERVICE_UNKNOWN' | 'SERVICE_NOT_RUNNING' | 'SERVICE_START_FAILED' | 'SERVICE_SWAP_FAILED' | 'SERVICE_SECRET_MISSING',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export class ServiceManager implements ServiceProvider {
  readonly registry: ServiceRegistryFile;
  private readonly command: readonly string[];
  /** Servers this process started, by pid: resolved once their exit is recorded. */
  private readonly watched = new Map<number, Promise<void>>();

  constructor(private readonly options: ServiceManagerOptions) {
    this.registry = new ServiceRegistryFile(options.workspaceDir);
    this.command = options.serverCommand ?? [];
  }

  /**
   * Serves `request.modelDir` for its owner: the owner's live service when it already serves that
   * folder at that address, a swap into it when the folder holds a new version, a new service otherwise.
   */
  async deploy(request: DeployRequest, signal?: AbortSignal): Promise<DeployedService> {
    const packageDir = resolve(request.modelDir);
    const mine = (await this.registry.read()).find((s) => s.owner === request.owner && s.state === 'running' && this.alive(s));
    const sameAddress = mine && mine.host === request.host && (request.port === 0 || request.port === mine.port) && mine.keepRunning === request.keepRunning;
    const sameKey = mine && (mine.apiKeySecret ?? '') === (request.apiKey?.secretName ?? '');
    if (mine && sameAddress && sameKey && (await healthReady(mine.url))) {
      if (mine.packageDir === packageDir) return { ...deployed(mine), reused: true };
      const swapped = await this.swap(mine, packageDir);
      if (swapped) return deployed(swapped);
    }
    if (mine) await this.stop(mine.id, 'replaced by a new deploy from the same node');
    return deployed(await this.start({ ...request, packageDir }, signal));
  }

  /** POST /admin/load; undefined when the server refuses it as another model (then a new service replaces it). */
  private async swap(service: ServiceRecord, packageDir: string): Promise<ServiceRecord | undefined> {
    const res = await fetch(`${service.url}/admin/load`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': service.adminToken },
      body: JSON.stringify({ packageDir }),
    });
    const answer = (await res.json().catch(() => ({}))) as { version?: string; message?: string };
    if (res.status === 409) return undefined;
    if (!res.ok) throw new ServiceError('SERVICE_SWAP_FAILED', `service ${service.id} could not load ${packageDir}: ${answer.message ?? res.status}`);
    return this.registry.update((all) => {
      const record = all.find((s) => s.id === service.id)!;
      Object.assign(record, { packageDir, version: String(answer.version) });
      return { ...record };
    });
  }

  private async start(request: StartRequest, signal?: AbortSignal): Promise<ServiceRecord> {
    const info = await stat(request.packageDir).catch(() => undefined);
    if (!info?.isDirectory())
      throw new ServiceError('SERVICE_START_FAILED', `the model folder ${request.packageDir} does not exist; run the node that writes it first.`);
    await this.registry.ensureDir();
    const id = request.id ?? `svc-${randomUUID().slice(0, 8)}`;
    const home = join(this.registry.dir, id);
    const logDir = join(home, 'log');
    await mkdir(logDir, { recursive: true, mode: 0o700 });
    const outputFile = join(home, 'output.log');
    const outputStart = (await stat(outputFile).catch(() => undefined))?.size ?? 0;
    const adminToken = randomBytes(32).toString('base64url');
    const child = launchServer({
      command: this.command.length ? this.command : defaultServerCommand(),
      packageDir: request.packageDir,
      host: request.host,
      port: request.port,
      logDir,
      outputFile,
      adminToken,
      apiKey: request.apiKey?.value,
      ...(request.providerKey ? { providerKey: request.providerKey } : {}),
    });
    const url = await waitReady(child, outputFile, outputStart, { signal }).catch(async (err: Error) => {
      if (child.exitCode === null) await stopProcess(child.pid!, logDir);
      throw new ServiceError('SERVICE_START_FAILED', `cannot serve ${request.packageDir}: ${err.message}`);
    });
    const identity = await readServedIdentity(url, request.apiKey?.value);
    const record: ServiceRecord = {
      id,
      ...(request.owner ? { owner: request.owner } : {}),
      model: identity.model,
      version: identity.version,
      packageDir: request.packageDir,
      host: request.host,
      requestedPort: request.port,
      port: Number(new URL(url).port),
      url,
      pid: child.pid!,
      startedAt: Date.now(),
      keepRunning: request.keepRunning,
      logDir,
      outputFile,
      adminToken,
      ...(request.apiKey ? { apiKeySecret: request.apiKey.secretName } : {}),
      ...(request.providerKey ? { providerKeySecret: request.providerKey.secretName } : {}),
      state: 'running',
    };
    await this.registry.update((all) => {
      const at = all.findIndex((s) => s.id === id);
      if (at >= 0) all[at] = record;
      else all.push(record);
    });
    const pid = child.pid!;
    this.watched.set(
      pid,
      new Promise((done) => child.once('exit', (code, sig) => void this.recordExit(id, pid, `${describeExit(code, sig)}${tail(outputFile)}`).then(done))),
    );
    return record;
  }

  /**
   * Marks the service stopped with `reason`, unless it was already stopped (by stop()) or runs another
   * process now (restarted). An observed exit (code or signal) replaces a guess another process made
   * when it found the server gone first.
   */
  private recordExit(id: string, pid: number, reason: string, observed = true): Promise<void> {
    return this.registry
      .update((all) => {
        const record = all.find((s) => s.id === id);
        if (!record || record.pid !== pid) return;
        if (record.state === 'stopped' && !(observed && record.exitUnobserved)) return;
        Object.assign(record, { state: 'stopped', stoppedAt: record.stoppedAt ?? Date.now(), exitReason: reason });
        if (observed) delete record.exitUnobserved;
        else record.exitUnobserved = true;
      })
      .catch(() => undefined);
  }

  private alive(record: ServiceRecord): boolean {
    return isServiceProcess(record.pid, record.logDir);
  }

  /** Every service with its live status; a server found gone since the last look is recorded as stopped. */
  async list(): Promise<ServiceInfo[]> {
    const records = await this.registry.read();
    const gone = records.filter((s) => s.state === 'running' && !this.alive(s));
    // A server this process started gets its exit code from the exit event, which may come just after the process is gone.
    for (const s of gone)
      await (this.watched.get(s.pid) ??
        this.recordExit(s.id, s.pid, `the process ended while no Lifecycle Studio process was watching it${tail(s.outputFile)}`, false));
    const current = gone.length ? await this.registry.read() : records;
    return Promise.all(current.map((s) => this.describe(s)));
  }

  async get(id: string): Promise<ServiceRecord> {
    const record = (await this.registry.read()).find((s) => s.id === id);
    if (!record) throw new ServiceError('SERVICE_UNKNOWN', `there is no service "${id}" in this workspace; list them with \`lifecycle-studio services list\`.`);
    return record;
  }

  private async describe(s: ServiceRecord): Promise<ServiceInfo> {
    const status: ServiceStatus = s.state === 'stopped' || !this.alive(s) ? 'stopped' : (await healthReady(s.url)) ? 'running' : 'starting';
    const { adminToken: _token, state: _state, apiKeySecret: _key, providerKeySecret: _provider, requestedPort: _asked, exitUnobserved: _guess, ...shown } = s;
    return { ...shown, status, ...(status === 'stopped' ? {} : { uptimeMs: Date.now() - s.startedAt }) };
  }

  /** Stops the service's server (SIGTERM, then SIGKILL); true when it was running. */
  async stop(id: string, reason = 'stopped by the user'): Promise<boolean> {
    const record = await this.get(id);
    const wasRunning = record.state === 'running' && this.alive(record);
    // Recorded first, so the exit this stop causes is not recorded as a crash.
    await this.registry.update((all) => {
      const r = all.find((s) => s.id === id);
      if (r && r.state === 'running') Object.assign(r, { state: 'stopped', stoppedAt: Date.now(), exitReason: reason });
    });
    if (wasRunning) await stopProcess(record.pid, record.logDir);
    return wasRunning;
  }

  /** Stops (when running) and starts the service again on the same address, serving the same folder. */
  async restart(id: string): Promise<ServiceInfo> {
    const record = await this.get(id);
    let apiKey: DeployRequest['apiKey'];
    if (record.apiKeySecret) {
      const value = await this.options.secret?.(record.apiKeySecret);
      if (!value)
        throw new ServiceError(
          'SERVICE_SECRET_MISSING',
          `service ${id} needs the API key in secret "${record.apiKeySecret}", which is not set; set it and restart again.`,
        );
      apiKey = { secretName: record.apiKeySecret, value };
    }
    const providerValue = record.providerKeySecret ? await this.options.secret?.(record.providerKeySecret) : undefined;
    const providerKey = record.providerKeySecret && providerValue ? { secretName: record.providerKeySecret, value: providerValue } : undefined;
    await this.stop(id, 'restarted');
    const { owner, packageDir, host, keepRunning } = record;
    // The port it had, even when any free one was asked: its URL stays the same.
    const started = await this.start({
      id,
      ...(owner ? { owner } : {}),
      packageDir,
      host,
      port: record.port,
      keepRunning,
      ...(apiKey ? { apiKey } : {}),
      ...(providerKey ? { providerKey } : {}),
    });
    return this.describe(started);
  }

  /** Figures from the service's /metrics; refused when it is not running. */
  async metrics(id: string): Promise<ServiceMetrics> {
    const record = await this.get(id);
    if (record.state !== 'running' || !this.alive(record))
      throw new ServiceError('SERVICE_NOT_RUNNING', `service ${id} is not running; restart it to read its metrics.`);
    const key = record.apiKeySecret ? await this.options.secret?.(record.apiKeySecret) : undefined;
    return readServiceMetrics(record.url, key);
  }

  /** The last `limit` records of its prediction log, newest last (also after it stopped). */
  async recentRequests(id: string, limit: number): Promise<Record<string, unknown>[]> {
    return recentRequests((await this.get(id)).logDir, limit);
  }

  /** What a host calls when the app quits: stops every running service not marked "keep running". */
  async stopOnQuit(): Promise<string[]> {
    const running = (await this.registry.read()).filter((s) => s.state === 'running' && !s.keepRunning);
    await Promise.all(running.map((s) => this.stop(s.id, 'stopped when the app quit').catch(() => false)));
    return running.map((s) => s.id);
  }
}

const tail = (file: string) => {
  const lines = lastLines(file, 5);
  return lines ? `; last output:\n${lines}` : '';
};

const deployed = (s: ServiceRecord): DeployedService => ({
  serviceId: s.id,
  url: s.url,
  pid: s.pid,
  model: s.model,
  version: s.version,
  logDir: s.logDir,
});
