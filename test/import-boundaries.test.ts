/**
 * The two TypeScript projects and the import-direction lint rules each refuse a deliberately bad
 * file: the real configs run on small in-memory snippets (nothing is written into the tree).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('lint: import directions between our folders', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });
  const problems = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return result.messages.filter((m) => m.ruleId === 'local/boundaries').map((m) => m.message);
  };

  it.each([
    ['cli/commands/bad.ts', "import { buildMenuTemplate } from '../../electron/menu.js';", /one host must not import another \(cli -> electron\)/],
    ['electron/ipc/bad.ts', "import { parseCommandLine } from '../../cli/args.js';", /one host must not import another \(electron -> cli\)/],
    ['hosts/shared/bad.ts', "export { parseCommandLine } from '../../cli/args.js';", /one host must not import another \(shared -> cli\)/],
    ['hosts/shared/bad.ts', "import '../../electron/menu.js';", /one host must not import another \(shared -> electron\)/],
    ['engine/bad.ts', "import { RecentFiles } from '../hosts/shared/recent-files.js';", /the engine must not import host code/],
    ['engine/host/bad.ts', "import { RecentFiles } from '../../hosts/shared/recent-files.js';", /the engine must not import host code/],
    ['renderer/bad.ts', "import { RecentFiles } from '../hosts/shared/recent-files.js';", /the renderer must not import host code/],
    [
      'nodes/score/bad.ts',
      "import { cleanRunner } from '../clean/run.js';",
      /nodes\/score\/ must not import nodes\/clean\/; move what both need into nodes\/shared\//,
    ],
    ['nodes/score/deeper/bad.ts', "const m = await import('../../train/run.js');", /nodes\/score\/ must not import nodes\/train\//],
    ['nodes/score/bad.ts', "import { evaluateRunner } from '../evaluate/run.js';", /nodes\/score\/ must not import nodes\/evaluate\//],
    ['nodes/score/bad.ts', "import { loadAdult } from '../testing/test-datasets.js';", /product code must not import test helpers \(a testing\/ folder\)/],
    ['nodes/shared/bad.ts', "import { ADULT_COLUMNS } from '../testing/test-data.js';", /product code must not import test helpers/],
    ['engine/bad.ts', "import { fakeNodes } from './testing/fake-nodes.fixture.js';", /product code must not import test helpers/],
    ['engine/secrets/bad.ts', "const keys = await import('../testing/test-keys.fixture.js');", /product code must not import test helpers/],
    ['hosts/shared/bad.ts', "import { createFakeContext } from '../../engine/testing/fake-context.js';", /product code must not import test helpers/],
    ['cli/serve/bad.ts', "import { openSocket } from '../testing/test-clients.js';", /product code must not import test helpers/],
    ['renderer/bad.ts', "import { fakeApi } from './testing/fake-api.js';", /product code must not import test helpers/],
    ['nodes/shared/bad.ts', "import { scoreRunner } from '../score/run.js';", /nodes\/shared\/ must not import a node \(nodes\/score\/\)/],
    ['nodes/train/bad.ts', "import { SECRET_NAME_PATTERN } from '../../hosts/shared/secret-store.js';", /nodes must not reach into host code/],
    ['nodes/train/bad.ts', "import '../../cli/args.js';", /nodes must not reach into host code/],
    ['server/bad.ts', "import { scoreRunner } from '../nodes/score/run.js';", /the model server \(server\/\) may import only the engine/],
    ['server/deeper/bad.ts', "import '../../nodes/shared/sql-plan.js';", /the model server \(server\/\) may import only the engine/],
    ['server/bad.ts', "import { parseCommandLine } from '../cli/args.js';", /the model server \(server\/\) may import only the engine/],
    ['server/bad.ts', "import '../hosts/shared/recent-files.js';", /the model server \(server\/\) may import only the engine/],
    ['server/bad.ts', "import '../renderer/main.js';", /the model server \(server\/\) may import only the engine/],
    ['engine/bad.ts', "import { startModelServer } from '../server/start.js';", /the engine must not import the model server/],
  ])('%s: %s is an error', async (file, code, message) => {
    const found = await problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['nodes/score/ok.ts', "import { applyReplaySteps } from '../shared/fitted-steps.js';\nimport { NodeError } from '../../engine/node-run.js';"],
    ['nodes/score/ok.test.ts', "import { cleanRunner } from '../clean/run.js';"],
    ['server/ok.ts', "import { scoreTable } from '../engine/models/score-table.js';"],
    ['server/ok.test.ts', "import { scoreRunner } from '../nodes/score/run.js';"],
    ['cli/commands/ok.ts', "import { startModelServer } from '../../server/start.js';"],
    ['nodes/score/ok.test.ts', "import { loadAdult } from '../testing/test-datasets.js';"],
    ['nodes/testing/ok.ts', "import { trainRunner } from '../train/run.js';\nimport { scoreRunner } from '../score/run.js';"],
    ['engine/graph/ok.test.ts', "import { fakeNodes } from '../testing/fake-nodes.fixture.js';"],
    ['renderer/app-ok.test.tsx', "import { fakeApi } from './testing/fake-api.js';"],
    ['test/ok.test.ts', "import { runCli } from './testing/cli-harness.js';\nimport { fakeApi } from '../renderer/testing/fake-api.js';"],
    ['bench/ok.bench.ts', "import { loadAdult } from '../nodes/testing/test-datasets.js';"],
    ['nodes/index.ts', "import { scoreRunner } from './score/run.js';"],
    ['cli/commands/ok.ts', "import { createStudioHandlers } from '../../hosts/shared/studio-handlers.js';"],
    ['electron/ok.ts', "import { nodeCatalog } from '../nodes/index.js';"],
    ['electron/ok.ts', "import '../hosts/shared/engine-entry.js';"],
    ['hosts/shared/ok.ts', "import { nodeCatalog } from '../../nodes/index.js';\nimport { createEngine } from '../../engine/engine.js';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

/**
 * Type-checks one in-memory file under the project `tsconfig` and returns its error messages.
 * `withProjectFiles` also loads every file of the project, so types a dependency drags in
 * (a package referencing the Node types) count too.
 */
function typeErrors(tsconfig: string, file: string, code: string, withProjectFiles: boolean): string[] {
  const configPath = join(ROOT, tsconfig);
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const path = join(ROOT, file);
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => (name === path ? ts.createSourceFile(name, code, lang) : getSourceFile.call(host, name, lang, ...rest));
  host.fileExists = (name) => name === path || fileExists.call(host, name);
  host.readFile = (name) => (name === path ? code : readFile.call(host, name));
  const rootNames = withProjectFiles ? [...config.fileNames, path] : [path];
  const program = ts.createProgram({ rootNames, options: config.options, host });
  return program.getSemanticDiagnostics(program.getSourceFile(path)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('typecheck: the engine side has no DOM, the window has no Node', () => {
  it('window and document in the engine are type errors; process is fine', () => {
    const code = 'export const where = window.location.href + document.title;\nexport const home = process.env.HOME;';
    const errors = typeErrors('tsconfig.json', 'engine/bad-dom.ts', code, false);
    expect(errors).toEqual([expect.stringMatching(/Cannot find name 'window'/), expect.stringMatching(/Cannot find name 'document'/)]);
  });

  it('process and Buffer in the renderer are type errors, with every renderer file loaded; document is fine', () => {
    const code = "export const home = process.env.HOME + Buffer.from('x').length;\nexport const title = document.title;";
    const errors = typeErrors('renderer/tsconfig.json', 'renderer/bad-node.ts', code, true);
    expect(errors).toEqual([expect.stringMatching(/Cannot find name 'process'/), expect.stringMatching(/Cannot find name 'Buffer'/)]);
  });
});
