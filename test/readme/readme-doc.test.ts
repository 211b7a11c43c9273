/**
 * README.md stays true without running anything: its links and pictures point at files that exist,
 * every top-level folder has a README the architecture paragraph links, the node table matches the
 * catalogue, and the commands it names in running text are ones its command blocks hold (which
 * `readme-commands.test.ts` runs).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../nodes/index.js';
import { ROOT } from '../testing/cli-harness.js';
import { fences, headingAnchors, inlineCommands, relativeLinks, shCommands } from '../testing/readme-doc.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Top-level folders that are build output or tooling state, never part of a clone (see .gitignore). */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', 'dist-electron', 'dist-server', 'release', 'test-results', 'playwright-report', 'coverage']);

describe('the README command rule (test/testing/readme-doc.ts)', () => {
  it('reads one command a line, joins continued lines, drops comments but not a # inside quotes', () => {
    const md = [
      'text `npx not-a-block`',
      '```sh',
      '# a comment line',
      'npx a --x "b # c"   # trailing comment',
      'npx long \\',
      '  --flag',
      '',
      '```',
      '```json',
      '{"npx": 1}',
      '```',
    ].join('\n');
    expect(shCommands(md)).toEqual([
      { line: 4, text: 'npx a --x "b # c"' },
      { line: 5, text: 'npx long --flag' },
    ]);
    expect(inlineCommands(md)).toEqual([{ line: 1, text: 'npx not-a-block' }]);
  });
});

describe('README.md', () => {
  it('marks every code block with its language, and shell blocks only as sh', () => {
    for (const f of fences(README)) {
      const where = `README.md line ${(f.body[0]?.line ?? 1) - 1}`;
      expect(f.info, `${where}: a code block needs a language (sh for commands)`).not.toBe('');
      expect(['bash', 'shell', 'console', 'zsh'], `${where}: write shell commands in a \`\`\`sh block, which the command test runs`).not.toContain(f.info);
    }
  });

  it('names in running text only commands that a sh block holds', () => {
    const blocks = shCommands(README).map((c) => c.text);
    const loose = inlineCommands(README).filter((c) => !blocks.some((b) => b.includes(c.text)));
    expect(
      loose.map((c) => `README.md line ${c.line}: \`${c.text}\``),
      'these commands are in no sh block, so no test runs them: move them into one',
    ).toEqual([]);
  });

  it('links and shows only files that exist, and only anchors of its own headings', () => {
    const anchors = headingAnchors(README);
    const links = relativeLinks(README);
    expect(links.length).toBeGreaterThan(10);
    const broken = links.filter(({ target }) => {
      const [path, anchor] = target.split('#');
      return path === '' ? !anchors.has(anchor) : !existsSync(join(ROOT, decodeURIComponent(path)));
    });
    expect(
      broken.map((l) => `README.md line ${l.line}: ${l.target}`),
      'these links point at no file (or at no heading of the README)',
    ).toEqual([]);
  });

  it('has a README in every top-level folder, each linked from the architecture paragraph', () => {
    const folders = readdirSync(ROOT).filter((n) => !n.startsWith('.') && !NOT_IN_A_CLONE.has(n) && statSync(join(ROOT, n)).isDirectory());
    const architecture = README.split('\n## Architecture')[1]?.split('\n## ')[0] ?? '';
    expect(folders.length).toBeGreaterThan(10);
    for (const folder of folders) {
      expect(existsSync(join(ROOT, folder, 'README.md')), `${folder}/ has no README.md saying what it is for`).toBe(true);
      expect(architecture, `README.md "Architecture" does not link ${folder}/README.md`).toContain(`(${folder}/README.md)`);
    }
  });

  it('lists exactly the node catalogue the engine runs (nodes/index.ts), by stage', () => {
    const table = README.split('| stage | nodes |')[1]?.split('\n\n')[0] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const listed = rows.flatMap(([, stage, names]) => names.split(', ').map((n) => `${stage}: ${n}`)).sort();
    expect(listed).toEqual(nodeCatalog.map(({ def }) => `${def.stage}: ${def.title}`).sort());
  });

  it('names exactly the installed packages whose engines field asks for Node 22 (package-lock.json)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const want22 = Object.entries(lock.packages)
      .filter(([path, p]) => path && /^>=\s*22/.test(p.engines?.node ?? ''))
      .map(([path]) => path.split('node_modules/').at(-1)!);
    const paragraph = README.split('`EBADENGINE` warnings for the packages that declare Node 22:')[1]?.split('\n\n')[0] ?? '';
    const named = [...paragraph.matchAll(/`([@a-z0-9./-]+)`/g)].map((m) => m[1]).filter((n) => n !== 'eslint-visitor-keys');
    expect([...new Set(named)].sort()).toEqual([...new Set(want22)].sort());
  });

  it('shows the four pictures the end-to-end tests write under docs/pictures/', () => {
    const pictures = relativeLinks(README).filter((l) => l.image);
    expect(pictures.map((p) => p.target).sort()).toEqual([
      'docs/pictures/canvas-dark.png',
      'docs/pictures/canvas.png',
      'docs/pictures/output-view.png',
      'docs/pictures/start-screen.png',
    ]);
  });
});
