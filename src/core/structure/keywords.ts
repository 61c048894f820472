/**
 * Keywords from the printed label ("Keywords", "Key words", "Index Terms", "关键词"), read over the
 * lines that continue the list. The first label in reading order wins, so a Chinese paper yields its
 * Chinese keywords and not the English translation printed after them.
 */
import { isHeadingLine } from './headings.ts';
import { LINE_BREAK, splitTrimmed, trimEndWhere, trimStartWhere } from './text-utils.ts';

/** The label, then whitespace, a colon or dash, or the end of the line. */
const LABEL = /^(?:key\s*words?|index\s+terms|关\s*键\s*词|关键字)(?=[\s:：—–-]|$)/iu;
const EDGE = /[.,;:·•\s]/u;

/** Lines that start another front-matter block after the keyword list. */
const NEXT_BLOCK =
  /^(?:[^\s:：]{1,14}\s*[:：]|MR\s*\(|中图分类|文献标识|文章编号|doi\b|ccs\b|acm\b|categories\b|general terms\b|received\b|abstract\b|摘\s*要|introduction\b|\d+\s+introduction|i\.\s)/iu;

/** The list after a keyword label on `line` ("Keywords: a, b" → "a, b"), or null when the line has no label. */
function afterLabel(line: string): string | null {
  const m = LABEL.exec(line);
  if (!m) return null;
  let rest = line.slice(m[0].length).trimStart();
  if (/^[:：—–-]/u.test(rest)) rest = rest.slice(1).trimStart();
  // (The list was matched up to the end of the line: a line break inside it meant no label.)
  return LINE_BREAK.test(rest) ? null : rest;
}

/** Splits a keyword list on the separator it actually uses. */
function splitList(text: string): string[] {
  const t = text.replace(/[.。;；]\s*$/u, '').trim();
  const sep = /[;；]/u.test(t) ? /[;；]/u : /[·•]/u.test(t) ? /[·•]/u : /[,，、]/u.test(t) ? /[,，、]/u : null;
  const items = sep ? splitTrimmed(t, sep) : [t];
  return items
    .map((k) => trimEndWhere(trimStartWhere(k, EDGE), EDGE).replace(/\s+/gu, ' '))
    .filter((k) => k.length > 0 && k.length <= 80);
}

/** Keywords from cleaned page lines (first pages only). Empty when no label is printed. */
export function findKeywords(pages: readonly string[]): string[] {
  for (const page of pages) {
    const lines = page.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const listed = afterLabel((lines[i] ?? '').trim());
      if (listed === null) continue;
      let text = listed.trim();
      // The list may wrap: continue until a sentence end, a new block or a heading.
      for (let j = i + 1; j < lines.length && j <= i + 4; j++) {
        if (/[.。]$/u.test(text)) break;
        const next = (lines[j] ?? '').trim();
        if (!next || NEXT_BLOCK.test(next) || isHeadingLine(next)) break;
        text = text ? `${text} ${next}` : next;
      }
      const list = splitList(text);
      if (list.length > 0) return list;
    }
  }
  return [];
}
