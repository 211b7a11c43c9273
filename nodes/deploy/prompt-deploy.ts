/**
 * Deploying a prompt package: the server it starts sends every row it is asked about to the
 * package's provider, so that host is a trust decision like a Deploy address (loopback allowed, any
 * other host only when the user allowed it: the window's answer or `--allow-host`). The provider's
 * key goes to the server in its environment under the secret name the package reads.
 */
import { isLoopback } from '../../engine/security/run-hosts.js';
import { urlHost } from '../../engine/security/outbound-hosts.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { ModelValue } from '../../engine/values.js';

export function promptProviderKey(ctx: RunContext, model: ModelValue): { secretName: string; value: string } | undefined {
  const spec = model.prompt!;
  if (!model.package)
    throw new NodeError(
      'MODEL_NOT_SERVABLE',
      "a Prompt node's output is not a package yet, so it cannot be served",
      'Put a Package model node between the Prompt (through Evaluate and Validate) and Deploy.',
    );
  const host = urlHost(spec.baseUrl);
  const allowed = ctx.allowedHosts?.map((h) => h.trim().toLowerCase());
  if (allowed && !isLoopback(host) && !allowed.includes(host.toLowerCase()))
    throw new NodeError(
      'HOST_NOT_ALLOWED',
      `the prompt package ${model.package.name} version ${model.package.version} sends the rows its endpoint receives to ${host} (${spec.baseUrl}), a host this pipeline is not allowed to reach`,
      `If you trust ${host}, allow it in the window, or pass --allow-host ${host} to the CLI.`,
    );
  const name = spec.apiKeyName.trim();
  const value = name ? ctx.secret(name) : undefined;
  if (name && !value && spec.provider !== 'compatible')
    throw new NodeError(
      'SECRET_MISSING',
      `the prompt calls ${spec.baseUrl} with the key in secret "${name}", which is not set`,
      `Set ${name} in the keychain or the environment: the model server reads it from its environment.`,
    );
  return name && value ? { secretName: name, value } : undefined;
}
