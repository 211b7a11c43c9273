/**
 * Renders a model card's Markdown as React elements: headings, paragraphs, lists, tables, **bold**
 * and `code`. Every piece of text goes through React as text, so HTML in a card (a `<script>`, an
 * `onerror=`) shows as the characters it is and never runs: safe by construction, no sanitiser to
 * keep up to date. Links are shown as text with their address, not followed.
 */
import { Fragment, type ReactNode } from 'react';

type Block =
  | { kind: 'h'; level: number; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

/** Table cells, honouring `\|` as a literal bar. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));
}

const isSeparator = (line: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** Splits Markdown into blocks. */
export function parseCard(markdown: string): Block[] {
  const lines = markdown.replaceAll('\r\n', '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'p', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'h', level: heading[1].length, text: heading[2].trim() });
    } else if (line.trim().startsWith('|') && isSeparator(lines[i + 1] ?? '')) {
      flush();
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
      i--;
      blocks.push({ kind: 'table', head, rows });
    } else if (/^\s*[-*]\s+/.test(line)) {
      flush();
      const last = blocks.at(-1);
      const item = line.replace(/^\s*[-*]\s+/, '');
      if (last?.kind === 'ul') last.items.push(item);
      else blocks.push({ kind: 'ul', items: [item] });
    } else para.push(line.trim());
  }
  flush();
  return blocks;
}

/** **bold**, `code` and [text](url) within one line of text. */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    if (m[1] !== undefined) out.push(<strong key={m.index}>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<code key={m.index}>{m[2]}</code>);
    else out.push(<Fragment key={m.index}>{`${m[3]} (${m[4]})`}</Fragment>);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** Card headings sit under the panel's own: `#` becomes h4, `##` h5, deeper h6. */
function Heading({ level, text }: { level: number; text: string }) {
  const content = inline(text);
  if (level <= 1) return <h4>{content}</h4>;
  if (level === 2) return <h5>{content}</h5>;
  return <h6>{content}</h6>;
}

/**
 * @example
 * <CardMarkdown markdown={detail.card.markdown} />
 */
export function CardMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="model-card" data-testid="model-card">
      {parseCard(markdown).map((b, i) => {
        if (b.kind === 'h') return <Heading key={i} level={b.level} text={b.text} />;
        if (b.kind === 'p') return <p key={i}>{inline(b.text)}</p>;
        if (b.kind === 'ul')
          return (
            <ul key={i}>
              {b.items.map((item, j) => (
                <li key={j}>{inline(item)}</li>
              ))}
            </ul>
          );
        return (
          <table key={i} className="stats-table model-card__table">
            <thead>
              <tr>
                {b.head.map((h, j) => (
                  <th key={j}>{inline(h)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r, j) => (
                <tr key={j}>
                  {r.map((c, k) => (
                    <td key={k}>{inline(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

/** The text of an HTML-only card, read in an inert document (DOMParser runs no script and loads nothing). */
export function htmlCardText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script, style, template').forEach((el) => el.remove());
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}
