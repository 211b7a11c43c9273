/**
 * The Deployments panel's "try it", done by the host: the window's Content-Security-Policy does not
 * let it reach 127.0.0.1:<port>, and only the host knows a service's API key. The input schema comes
 * from the package's manifest (it carries category examples), else from the server's /openapi.json.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// From the manifest module itself, not the package barrel: the barrel pulls DuckDB into the desktop main process.
import { MANIFEST_JSON } from '../../../engine/models/package/manifest.js';
import type { ServiceTryAnswer } from '../../../engine/services.js';
import { ServiceError, type ServiceManager } from './service-manager.js';

type Secret = (name: string) => Promise<string | undefined> | string | undefined;

/** The running service's URL and the key to call it with; refused, naming the service, when it is stopped. */
async function reachable(manager: ServiceManager, id: string, secret: Secret): Promise<{ url: string; headers: Record<string, string> }> {
  const info = (await manager.list()).find((s) => s.id === id);
  if (!info) await manager.get(id);
  if (info?.status !== 'running')
    throw new ServiceError('SERVICE_NOT_RUNNING', `service ${id} is ${info?.status ?? 'unknown'}; restart it from the Deployments panel to try it.`);
  const record = await manager.get(id);
  const key = record.apiKeySecret ? await secret(record.apiKeySecret) : undefined;
  return { url: record.url, headers: key ? { 'x-api-key': key } : {} };
}

/** One input row's JSON Schema: the package manifest's inputSchema, else the Row of /openapi.json. */
export async function serviceInputSchema(manager: ServiceManager, id: string, secret: Secret): Promise<Record<string, unknown>> {
  const record = await manager.get(id);
  const manifest = join(record.packageDir, MANIFEST_JSON);
  if (existsSync(manifest)) {
    const schema = (JSON.parse(await readFile(manifest, 'utf8')) as { inputSchema?: Record<string, unknown> }).inputSchema;
    if (schema) return schema;
  }
  const { url, headers } = await reachable(manager, id, secret);
  const res = await fetch(`${url}/openapi.json`, { headers, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new ServiceError('SERVICE_NOT_RUNNING', `service ${id}: ${url}/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as { components?: { schemas?: { Row?: Record<string, unknown> } } };
  const row = doc.components?.schemas?.Row;
  if (!row) throw new ServiceError('SERVICE_NOT_RUNNING', `service ${id}: ${url}/openapi.json has no components.schemas.Row to build a form from`);
  return row;
}

/** Posts `{ rows }` to /predict; the server's answer, a 4xx refusal included (it names the wrong fields). */
export async function tryService(manager: ServiceManager, id: string, rows: Record<string, unknown>[], secret: Secret): Promise<ServiceTryAnswer> {
  const { url, headers } = await reachable(manager, id, secret);
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ rows }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page, say): shown as text.
  }
  return { status: res.status, body };
}
