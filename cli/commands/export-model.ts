/**
 * `lifecycle-studio export-model <package-dir | name[@version]> --to kubernetes|kserve`: serving
 * manifests for a model version (engine/export/model-manifests.ts), to a file or stdout.
 * Exit 0 written, 1 the package cannot be read or resolved, 2 a bad command line.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { modelManifests, SERVING_TARGETS, type ServingTarget } from '../../engine/export/model-manifests.js';
import type { SecretEnv } from '../../engine/export/model-container.js';
import { readModelPackage } from '../../engine/models/package/index.js';
import { parseStageRef, resolveVersion } from '../../engine/models/registry-resolve.js';
import { bundleDirOf } from '../../server/bundle/write-bundle.js';
import { parseOneFileCommand } from '../args.js';

const USAGE = `Usage: lifecycle-studio export-model <package-dir | name[@version]> --to kubernetes|kserve [options]

Options:
  --to kubernetes|kserve   a Deployment + Service, or a KServe InferenceService (custom predictor, Open Inference Protocol v2)
  --image IMAGE            the image built from the version's server bundle and pushed where the cluster pulls
                           (default: the bundle's local tag, <name>-model:<version>)
  --api-key-secret NAME    the server requires the API key held in Secret NAME, key "api-key" (health checks stay open)
  --secret-env ENV=NAME:KEY  set environment variable ENV from key KEY of Secret NAME (repeatable)
  --replicas N             pods to run (default 1)
  --out FILE               write the YAML to FILE instead of stdout
  --workspace DIR          the workspace whose registry (DIR/models) holds name[@version] (default ./.lifecycle-studio)
  --registry DIR           a registry folder itself

<version> is a number, production, staging or latest (the default). Only Secret names are written, never values.`;

const OPTIONS = {
  to: { type: 'string' },
  image: { type: 'string' },
  'api-key-secret': { type: 'string' },
  'secret-env': { type: 'string', multiple: true },
  replicas: { type: 'string' },
  out: { type: 'string' },
  workspace: { type: 'string' },
  registry: { type: 'string' },
} as const;

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseSecretEnv(text: string): SecretEnv | string {
  const m = /^([^=]+)=([^:]+):(.+)$/.exec(text);
  if (!m) return `--secret-env "${text}" is not ENV=SECRET:KEY (e.g. OPENAI_API_KEY=llm-key:api-key).`;
  if (!ENV_NAME.test(m[1])) return `--secret-env "${text}": "${m[1]}" is not an environment variable name.`;
  if (!K8S_NAME.test(m[2])) return `--secret-env "${text}": "${m[2]}" is not a Kubernetes Secret name (lower-case letters, digits, "-" and ".").`;
  return { env: m[1], secret: m[2], key: m[3] };
}

/** The package folder `what` names: a folder holding manifest.json, or name[@version] in the registry. */
async function packageDir(what: string, registry: string): Promise<string> {
  if (existsSync(what) && statSync(what).isDirectory()) return resolve(what);
  const at = what.lastIndexOf('@');
  const [name, refText] = at > 0 ? [what.slice(0, at), what.slice(at + 1)] : [what, 'latest'];
  const ref = parseStageRef(refText);
  if (ref === undefined) throw new Error(`"${refText}" in "${what}" is not a version: use a number, production, staging or latest.`);
  return (await resolveVersion(registry, name, ref)).dir;
}

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(args, OPTIONS, USAGE, 'model package (folder or name[@version])');
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  const bad = (message: string) => {
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    return 2;
  };
  if (!SERVING_TARGETS.includes(values.to as ServingTarget)) return bad(`--to must be ${SERVING_TARGETS.join(' or ')}, got "${values.to ?? ''}".`);
  if (values['api-key-secret'] !== undefined && !K8S_NAME.test(values['api-key-secret']))
    return bad(`--api-key-secret "${values['api-key-secret']}" is not a Kubernetes Secret name (lower-case letters, digits, "-" and ".").`);
  const replicas = values.replicas === undefined ? 1 : Number(values.replicas);
  if (!Number.isInteger(replicas) || replicas < 1) return bad(`--replicas must be a whole number of at least 1, got "${values.replicas}".`);
  const secretEnv = (values['secret-env'] ?? []).map(parseSecretEnv);
  const wrong = secretEnv.find((s) => typeof s === 'string');
  if (wrong) return bad(wrong);
  const registry = values.registry ? resolve(values.registry) : join(resolve(values.workspace ?? '.lifecycle-studio'), 'models');
  try {
    const dir = await packageDir(cmd.path, registry);
    const { manifest } = await readModelPackage(dir);
    if (!values.image) process.stderr.write(`No --image: the manifests name the bundle's local tag; push it where your cluster pulls and pass --image.\n`);
    if (!existsSync(bundleDirOf(dir)))
      process.stderr.write(
        `${bundleDirOf(dir)} does not exist: register the model with a Package model node to get the server bundle the image is built from.\n`,
      );
    const yaml = modelManifests(manifest, {
      to: values.to as ServingTarget,
      image: values.image,
      apiKeySecret: values['api-key-secret'],
      secretEnv: secretEnv as SecretEnv[],
      replicas,
    });
    if (values.out) await writeFile(values.out, yaml);
    else process.stdout.write(yaml);
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
}
