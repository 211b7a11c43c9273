// The `local/boundaries` lint rule: which folder may import which, decided on the resolved path
// (not the import text), so it holds at any folder depth. Package-level bans stay in
// eslint.config.js (no-restricted-imports).
//
// Areas: engine/ (the library), hosts (cli/, electron/, and the host code they share:
// hosts/shared/), nodes/<type>/ (one per node), nodes/shared/ (code every node may
// use), the catalogue (nodes/index.ts, nodes/defs.ts), renderer/, server/ (the standalone
// model server: it imports only the engine).
//
// Test helpers live in one `testing/` folder per package (engine/testing/, nodes/testing/,
// renderer/testing/, hosts/shared/testing/, cli/testing/, test/testing/): product code must never
// import them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The area a project file belongs to, or null outside the checked folders. */
export function areaOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const [top, second] = rel.split('/');
  if (top === 'engine') return 'engine';
  if (top === 'hosts') return second === 'shared' ? 'host:shared' : `host:${second}`;
  if (top === 'cli' || top === 'electron') return `host:${top}`;
  if (top === 'renderer') return 'renderer';
  if (top === 'server') return 'server';
  if (top === 'nodes') {
    if (!rel.slice('nodes/'.length).includes('/')) return 'nodes:catalogue';
    if (second === 'testing') return 'nodes:testing';
    return second === 'shared' ? 'nodes:shared' : `node:${second}`;
  }
  return null;
}

const segments = (file) => path.relative(ROOT, file).split(path.sep);

/** A file inside a package's test-helper folder (`testing/` at any depth). */
export const isTestingHelper = (file) => segments(file).slice(0, -1).includes('testing');

/**
 * Tests, their helpers, the cross-module tests (test/) and the benchmarks: code that may use test
 * helpers, and may chain several nodes (a Clean feeding a Train); product code may not.
 */
export function isTestCode(file) {
  const top = segments(file)[0];
  return top === 'test' || top === 'bench' || isTestingHelper(file) || /\.(test|spec|bench)\.tsx?$/.test(file);
}

/** Why `from` may not import `to`, or null when it may. */
export function violation(from, to, file) {
  if (!from || !to || from === to) return null;
  const fromHost = from.startsWith('host:');
  const toHost = to.startsWith('host:');
  if (from === 'server' && to !== 'engine' && !isTestCode(file)) {
    return 'the model server (server/) may import only the engine (engine/models and what it needs); move the code it needs into engine/models.';
  }
  if (from === 'engine' && to === 'server') return 'the engine must not import the model server; hosts start it.';
  if (from === 'engine' && toHost) return 'the engine must not import host code; hosts hand the engine what it needs.';
  if (from === 'renderer' && toHost) return 'the renderer must not import host code; it reaches the hosts only through the StudioApi contract.';
  if (fromHost && toHost && to !== 'host:shared') {
    return `one host must not import another (${from.slice(5)} -> ${to.slice(5)}); move what both need into the shared host code (hosts/shared/).`;
  }
  if ((from.startsWith('node:') || from === 'nodes:shared') && toHost) {
    return 'nodes must not reach into host code; use what the run context (ctx) gives, or move the code into engine/.';
  }
  if (from.startsWith('node:') && to.startsWith('node:') && !isTestCode(file)) {
    return `nodes/${from.slice(5)}/ must not import nodes/${to.slice(5)}/; move what both need into nodes/shared/.`;
  }
  if (from === 'nodes:shared' && to.startsWith('node:') && !isTestCode(file)) {
    return `nodes/shared/ must not import a node (nodes/${to.slice(5)}/); it is what the nodes share.`;
  }
  return null;
}

export const boundariesRule = {
  meta: { type: 'problem', docs: { description: 'Import directions between engine, hosts, nodes and renderer' }, schema: [] },
  create(context) {
    const file = context.filename;
    const from = areaOf(file);
    const testCode = isTestCode(file);
    if (!from && testCode) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const reason =
        !testCode && isTestingHelper(target)
          ? 'product code must not import test helpers (a testing/ folder); move what it needs out of testing/, or make this file a test.'
          : violation(from, areaOf(target), file);
      if (reason) context.report({ node: node.source, message: `Import "${source}": ${reason}` });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
