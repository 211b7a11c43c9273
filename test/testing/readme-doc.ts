/**
 * Reads README.md the way its tests need it: the shell commands it tells a reader to type, the
 * commands it names in running text, its relative links and its heading anchors.
 *
 * The rule for commands: every line of a fenced block marked `sh` is one command. A line ending in
 * `\` continues on the next; a line starting with `#` is a comment, and so is everything after a
 * `#` that follows a space outside quotes. Other shell dialect names (bash, shell, console) are not
 * allowed, so no command can hide from the rule in a block of another name.
 */

export interface DocCommand {
  /** 1-based line of the README where the command starts. */
  line: number;
  text: string;
}

export interface DocLink {
  line: number;
  target: string;
  image: boolean;
}

interface Fence {
  info: string;
  /** The block's lines with their 1-based line numbers, fences excluded. */
  body: { line: number; text: string }[];
}

const FENCE = /^\s*```(\S*)\s*$/;

export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const out: Fence[] = [];
  let open: Fence | undefined;
  lines.forEach((text, i) => {
    const m = FENCE.exec(text);
    if (m && !open) {
      open = { info: m[1], body: [] };
    } else if (m && open && m[1] === '') {
      out.push(open);
      open = undefined;
    } else if (open) {
      open.body.push({ line: i + 1, text });
    }
  });
  if (open) throw new Error(`README.md: a code fence opened (\`\`\`${open.info}) is never closed`);
  return out;
}

/** The text before an unquoted ` #` comment. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

export function shCommands(markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const fence of fences(markdown).filter((f) => f.info === 'sh')) {
    let pending: DocCommand | undefined;
    for (const { line, text } of fence.body) {
      const code = stripComment(text).trim();
      if (!code && !pending) continue;
      const continued = code.endsWith('\\');
      const piece = continued ? code.slice(0, -1).trim() : code;
      pending = pending ? { line: pending.line, text: `${pending.text} ${piece}` } : { line, text: piece };
      if (!continued) {
        commands.push(pending);
        pending = undefined;
      }
    }
    if (pending) commands.push(pending);
  }
  return commands;
}

/** Markdown with fenced blocks blanked out (line numbers kept), for reading the running text. */
function prose(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((text) => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : text;
  });
}

/** Inline code spans in running text that start like a command a reader would type (`npm ...`, `npx ...`). */
export function inlineCommands(markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  prose(markdown).forEach((text, i) => {
    for (const m of text.matchAll(/`([^`]+)`/g)) if (/^(npm|npx) /.test(m[1])) out.push({ line: i + 1, text: m[1] });
  });
  return out;
}

/** Links and images whose target is not a URL with a scheme (http:, mailto:, ...). */
export function relativeLinks(markdown: string): DocLink[] {
  const out: DocLink[] = [];
  prose(markdown).forEach((text, i) => {
    for (const m of text.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[2])) continue;
      out.push({ line: i + 1, target: m[2], image: m[1] === '!' });
    }
  });
  return out;
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const text of prose(markdown)) {
    const m = /^#{1,6}\s+(.*)$/.exec(text);
    if (m)
      anchors.add(
        m[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      );
  }
  return anchors;
}
