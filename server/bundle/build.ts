/** `npm run build:server`: compiles the model server for the packaged app into dist-server/ (see compiled-server.ts). */
import process from 'node:process';
import { appRoot, buildPrebuiltServer } from './compiled-server.js';

const outDir = await buildPrebuiltServer(appRoot());
process.stdout.write(`model server bundle written to ${outDir}\n`);
