// Import directions from shared/design/architecture.md, enforced as errors:
// renderer -> contract types + nodes/*/def.ts; electron, cli -> hosts/shared + engine + nodes/index.ts;
// hosts/shared -> engine + nodes/index.ts;
// nodes/*/run.ts -> engine; engine -> nothing of ours above it. Between folders of our own
// (host to host, node to node, nodes or engine to host code) `local/boundaries` decides on the
// resolved path: see eslint.boundaries.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesRule } from './eslint.boundaries.js';

const engineForbidden = {
  patterns: [
    {
      group: ['**/nodes/**', '**/renderer/**', '**/electron/**', '**/cli/**', '**/hosts/**'],
      message: 'engine/ is a pure library: hosts hand it the node catalogue.',
    },
    {
      group: ['electron', 'react', 'react-dom', 'react-dom/*', '@xyflow/*', 'zustand', 'zustand/*'],
      message: 'engine/ must not depend on Electron, React or the DOM.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'test-results', 'playwright-report', 'coverage', '**/*.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { local: { rules: { boundaries: boundariesRule } } },
    rules: { 'local/boundaries': 'error' },
  },
  { files: ['engine/**/*.ts'], rules: { 'no-restricted-imports': ['error', engineForbidden] } },
  {
    files: ['nodes/**/def.ts', 'nodes/defs.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/engine/*', '!**/engine/node-def.js', '!**/engine/node-def'], message: 'def.ts is data only: import nothing but engine/node-def.' },
            { group: ['./run', './run.js', '**/run.js', '**/run'], message: 'def.ts must not load its runner.' },
          ],
        },
      ],
    },
  },
  {
    files: ['nodes/**/*.ts'],
    ignores: ['nodes/**/def.ts', 'nodes/defs.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**', '**/hosts/**', 'react', 'electron'], message: 'nodes/ may import only engine/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/engine/**',
                '!**/engine/node-def',
                '!**/engine/node-def.js',
                '!**/engine/contract-names.js',
                '!**/engine/graph',
                '**/engine/graph/*',
                '!**/engine/graph/connection-rules.js',
                '!**/engine/graph/param-validation.js',
                '!**/engine/graph/graph-walk.js',
                '!**/engine/graph/run-scope.js',
                '!**/engine/graph/issue-names.js',
                '!**/engine/graph/table-param.js',
                '!**/engine/graph/table-paste.js',
                '!**/engine/document',
                '**/engine/document/*',
                '!**/engine/document/diff.js',
                '!**/engine/labels',
                '**/engine/labels/*',
                '!**/engine/labels/row-key.js',
                '!**/engine/labels/label-types.js',
              ],
              allowTypeImports: true,
              message:
                'The renderer may import only types from the engine (the contract), plus engine/node-def, the contract request names and the pure graph rules (connection-rules, param-validation, graph-walk, run-scope, issue-names, table-param, table-paste) the pure label helpers (labels/row-key, labels/label-types) and the pipeline diff (document/diff).',
            },
            {
              group: ['**/nodes/*/run', '**/nodes/*/run.js', '**/nodes/index', '**/nodes/index.js', '**/electron/**', '**/cli/**', '**/hosts/**'],
              message: 'The renderer must not load runners or host code.',
            },
            {
              group: ['@duckdb/*', '@tensorflow/*', 'onnxruntime-node', 'node:*', 'fs', 'path', 'child_process'],
              message: 'The renderer runs in a sandbox without Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'cli/**/*.ts', 'hosts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/renderer/**'], message: 'Hosts relay the contract; they never import the window.' }],
        },
      ],
    },
  },
);
