/**
 * Model replies arrive as markdown, sometimes already rendered to HTML by a chat front end.
 * Everything here turns them into plain lines the section parser can read.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The text up to its last `>`: a tag regex run on it never meets a `<` without a `>` after it, so no attempt scans
 * to the end of the text and fails (quadratic on "<p<p<p…").
 */
function upToLastGt(text: string): string {
  return text.slice(0, text.lastIndexOf('>') + 1);
}

export function looksLikeHtml(text: string): boolean {
  return (upToLastGt(text).match(/<\/?(?:p|li|ol|ul|h[1-6]|br|div|img)\b[^>]*>/gi) ?? []).length >= 2;
}

/**
 * HTML to text. List items get their numbers back ("1. ", "- "), because a rendered
 * "1. Title:" list is only an <ol><li>. Separate top-level <ol>s keep counting on:
 * markdown renderers restart at 1 for "7. Methods", which must not read as item 1.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const lists: Array<{ ordered: boolean; next: number }> = [];
  let topOrdered = 1;
  let last = 0;
  let itemOpen = false; // just wrote "N. ": the item's first <p> stays on that line
  const text = (chunk: string) => {
    if (itemOpen && !chunk.trim()) return;
    if (chunk.trim()) itemOpen = false;
    out.push(chunk);
  };
  // The tag name is taken whole (`(?![\w-])`): a shorter name would only hand characters to `[^>]*`.
  for (const m of upToLastGt(html).matchAll(/<(\/?)([a-z][\w-]*)(?![\w-])([^>]*)>/gi)) {
    text(html.slice(last, m.index));
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const tag = (m[2] ?? '').toLowerCase();
    const attrs = m[3] ?? '';
    if (tag === 'ol' || tag === 'ul') {
      if (closing) {
        const list = lists.pop();
        if (list?.ordered && lists.length === 0) topOrdered = list.next;
      } else {
        const start = /\bstart\s*=\s*["']?(\d+)/i.exec(attrs)?.[1];
        const next = start ? Number(start) : lists.length === 0 ? topOrdered : 1;
        lists.push({ ordered: tag === 'ol', next });
      }
      itemOpen = false;
      out.push('\n');
    } else if (tag === 'li' && !closing) {
      const list = lists[lists.length - 1];
      const indent = '  '.repeat(Math.max(0, lists.length - 1));
      out.push(`\n${indent}${list?.ordered ? `${list.next++}. ` : '- '}`);
      itemOpen = true;
    } else if (tag === 'br' || /^(?:p|div|li|h[1-6]|pre|tr|blockquote)$/.test(tag)) {
      if (!(itemOpen && tag === 'p' && !closing)) {
        itemOpen = false;
        out.push('\n');
      }
    }
  }
  text(html.slice(last));
  return decodeEntities(out.join(''));
}

/** Plain lines: no HTML, no bold/heading markup, no odd spaces; line structure kept. */
export function normalizeReply(reply: string): string {
  let text = reply.replace(/\r\n?/g, '\n').replace(/[\u200b-\u200d\ufeff]/g, '');
  if (looksLikeHtml(text)) text = htmlToText(text);
  return text
    .replace(/[\u00a0\u2002-\u200a\u202f\u3000]/g, ' ')
    .replace(/\*\*|__/g, '')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/(?<![ \t])[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Joins wrapped lines: a space between words, nothing between two CJK characters. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const prev = out.slice(-1);
    out += out && !(CJK.test(prev) && CJK.test(line[0] ?? '')) ? ` ${line}` : line;
  }
  return out;
}

/** At most `max` characters, so a degenerate reply cannot blow up a chat message. */
export function capLength(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
