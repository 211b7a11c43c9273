/**
 * The text files of a server bundle: package.json, .npmrc, Dockerfile, .dockerignore and README.md,
 * each a pure function of the package's identity and the server's native dependencies.
 */
import { curlExamples } from '../curl-examples.js';
import type { ColumnDoc } from '../input-schema.js';

export interface BundleFacts {
  /** The model's name as the server routes it (`/v2/models/<name>`). */
  name: string;
  version: string;
  target: string;
  task: string;
  columns: ColumnDoc[];
  /** npm packages the compiled server imports (native ones), at exact versions. */
  dependencies: Record<string, string>;
}

export const BUNDLE_PORT = 8080;

export function packageJson(f: BundleFacts): string {
  const pkg = {
    name: `${f.name.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}-model-server`,
    version: `${/^\d+$/.test(f.version) ? f.version : '0'}.0.0`,
    private: true,
    description: `Serves the ${f.name} model, version ${f.version} (built by Lifecycle Studio).`,
    type: 'module',
    main: 'server.mjs',
    engines: { node: '>=20' },
    scripts: { start: 'node server.mjs' },
    dependencies: f.dependencies,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

// onnxruntime-node's install script would download GPU binaries; the CPU one ships in the package.
export const NPMRC = 'onnxruntime-node-install=skip\nfund=false\naudit=false\n';

export const DOCKERIGNORE = 'node_modules\nnpm-debug.log\nlogs\n*.jsonl\n';

/** On node:20-slim, which has no curl: the health check is a node one-liner. */
export function dockerfile(f: BundleFacts): string {
  const probe = `fetch('http://127.0.0.1:'+(process.env.PORT||${BUNDLE_PORT})+'/v2/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;
  return `# The ${f.name} model server, version ${f.version}. Build: docker build -t ${f.name.toLowerCase()}-model:${f.version} .
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json* .npmrc ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY server.mjs ./
COPY model ./model
# Inside a container the server must listen on every interface to be reached through a published port.
ENV HOST=0.0.0.0 PORT=${BUNDLE_PORT}
USER node
EXPOSE ${BUNDLE_PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", ${JSON.stringify(probe)}]
CMD ["node", "server.mjs"]
`;
}

export function readme(f: BundleFacts): string {
  const base = `http://127.0.0.1:${BUNDLE_PORT}`;
  const examples = curlExamples(base, f.name, f.columns).map((e) => `${e.title}:\n\n\`\`\`sh\n${e.command}\n\`\`\``);
  return `# ${f.name} model server, version ${f.version}

Predicts \`${f.target}\` (${f.task}). Written by Lifecycle Studio's Package model node: everything needed to serve
this model without the app.

| File | What |
| --- | --- |
| \`server.mjs\` | the model server compiled into one file (fastify, /predict, Open Inference Protocol v2, /mcp, /metrics, /openapi.json, /docs) |
| \`model/\` | a copy of the model package (manifest.json lists every file with its sha256; the server checks them at start) |
| \`package.json\`, \`.npmrc\` | the only dependencies that cannot be compiled in (native code): ${Object.entries(f.dependencies)
    .map(([n, v]) => `\`${n}@${v}\``)
    .join(', ')} |
| \`Dockerfile\`, \`.dockerignore\` | an image on node:20-slim running as the non-root user \`node\`, with a health check |

## Run it

\`\`\`sh
npm install --omit=dev
node server.mjs
\`\`\`

Settings are environment variables: \`PORT\` (default ${BUNDLE_PORT}), \`HOST\` (default 127.0.0.1, this machine only; set
\`0.0.0.0\` to serve the network), \`API_KEY\` (when set, every route but the health checks needs
\`Authorization: Bearer <key>\` or \`X-API-Key: <key>\`), \`LOG_DIR\` (a folder for the prediction log, JSON Lines).

With Docker (the image sets \`HOST=0.0.0.0\` so that the published port reaches it):

\`\`\`sh
docker build -t ${f.name.toLowerCase()}-model:${f.version} .
docker run --rm -p ${BUNDLE_PORT}:${BUNDLE_PORT} -e API_KEY=change-me ${f.name.toLowerCase()}-model:${f.version}
\`\`\`

## Call it

${examples.join('\n\n')}

The API documentation is at \`${base}/docs\`; an LLM agent can use the model as an MCP tool at \`${base}/mcp\`
(streamable HTTP).
`;
}
