# The headless runner: the lifecycle-studio CLI (run, run-node, validate, export, export-model, serve-model, models)
# on Node 20, without Electron and without the window (no renderer build). Argo runs each pipeline node in it.
# Build and push from the repository root (the build context; .dockerignore there keeps it to the CLI's sources):
#   docker build -f docker/runner.Dockerfile -t REGISTRY/lifecycle-studio-runner:VERSION .
#   docker push REGISTRY/lifecycle-studio-runner:VERSION
FROM node:20-slim
WORKDIR /app
# tsx finds no tsconfig from the working folder (/work), so it is named: the image then compiles as a checkout does.
ENV NODE_ENV=production TSX_TSCONFIG_PATH=/app/tsconfig.json
# --omit=dev leaves out Electron, Vite, Playwright and the type checker; tsx, which runs the TypeScript sources, is a dependency.
# ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's install step would fetch GPU libraries (this image's npm 10
# ignores package.json's allowScripts, which skips it for npm 11.16+); the CPU binaries ship in the package.
COPY package.json package-lock.json .npmrc ./
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY cli ./cli
COPY engine ./engine
COPY nodes ./nodes
COPY hosts/shared ./hosts/shared
COPY server ./server
# The samples are among the folders a run may read (cli/run-roots.ts), and a quick check of an image:
#   docker run --rm IMAGE run /app/pipelines-samples/iris-prepare.pipeline.json --workspace /work/ws
COPY pipelines-samples ./pipelines-samples
COPY pipeline.schema.json tsconfig.json tsconfig.base.json ./
# `lifecycle-studio` on the PATH as well as the entrypoint, so a workflow template may name either; /work is the
# writable working folder of the non-root user (workspaces, inputs and outputs go there or on mounted volumes).
RUN ln -s /app/cli/bin.mjs /usr/local/bin/lifecycle-studio && mkdir -p /work && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["node", "/app/cli/bin.mjs"]
CMD ["--help"]
