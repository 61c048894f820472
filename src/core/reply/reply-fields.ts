/**
 * Items 1–5 of a reply, from their body lines to clean values.
 * Each returns `answered: false` when the item holds no usable answer (placeholder, echoed instruction).
 */
import { NONE_WORD, isPlaceholder } from './reply-problems.ts';
import { capLength, hasCjk, joinLines } from './reply-text.ts';

export const MAX_TITLE_CHARS = 500;
export const MAX_AFFILIATION_CHARS = 500;
const MAX_NAME_CHARS = 100;
const MAX_NAMES = 100;
const MAX_KEYWORDS = 20;

/** The whole answer is a way of saying "none" (an answer, not a gap). */
const NONE_VALUE =
  /^(?:none|n\/a|null|unknown|not (?:mentioned|stated|given|available|provided|found)(?: in the paper)?|无|暂无|未知|未提及|未给出|未提供|论文未提及|原文未提及)[.。]?$/i;

const BULLET = /^[-*+•]\s*/;

function lineValues(lines: string[]): string[] {
  return lines.map((l) => l.trim().replace(BULLET, '')).filter(Boolean);
}

/** Drops "(if available)" style notes, wrapping quotes, and a final full stop. */
function tidy(value: string): string {
  return value
    .trim()
    .replace(/\s*[(（](?:if available|if any|如果可用[^)）]*|若有|如有|可选)[)）]\s*$/i, '')
    .replace(/^[“"'《「]+|[”"'》」]+$/g, '')
    .replace(/[。]$/, '')
    .trim();
}

/** Up to the first Chinese full stop when more text follows: models keep talking after the answer. */
function firstSentence(value: string): string {
  const at = value.indexOf('。');
  return at >= 0 && value.slice(at + 1).trim() ? value.slice(0, at) : value;
}

/** "Outer (inner)" with balanced parentheses at the end, or null. */
function trailingParen(value: string): [string, string] | null {
  const v = value.trim();
  if (!/[)）]$/.test(v)) return null;
  let depth = 0;
  for (let i = v.length - 1; i >= 0; i--) {
    const ch = v[i];
    if (ch === ')' || ch === '）') depth++;
    else if (ch === '(' || ch === '（') depth--;
    if (depth === 0) {
      const outer = v.slice(0, i).trim();
      return outer ? [outer, v.slice(i + 1, -1).trim()] : null;
    }
  }
  return null;
}

// ---- 1. title -------------------------------------------------------------------------

const TRANSLATED_LABEL = String.raw`中文标题|中文译名|中文题目|译名|标题翻译|翻译|Chinese title|Translated title|Translation`;
const ORIGINAL_LABEL = String.raw`原标题|原文标题|论文原标题|英文标题|Original title|English title`;

export function parseTitle(lines: string[]): { title: string | null; titleOriginal: string | null; answered: boolean } {
  let translated: string | null = null;
  let original: string | null = null;
  const rest: string[] = [];
  for (const line of lineValues(lines)) {
    const t = new RegExp(`^(?:${TRANSLATED_LABEL})\\s*[:：]\\s*(.+)$`, 'i').exec(line);
    const o = new RegExp(`^(?:${ORIGINAL_LABEL})\\s*[:：]\\s*(.+)$`, 'i').exec(line);
    if (t?.[1]) translated ??= t[1];
    else if (o?.[1]) original ??= o[1];
    else rest.push(line);
  }
  let main = joinLines(rest);
  // "English Title 中文标题: 中文" on one line.
  const inline = new RegExp(`^(.*?)\\s*(?:${TRANSLATED_LABEL})\\s*[:：]\\s*(.+)$`, 'i').exec(main);
  if (inline?.[1] && inline[2]) {
    main = inline[1];
    translated ??= inline[2];
  }
  const paren = translated ? null : trailingParen(main);
  if (paren) {
    const [outer, innerRaw] = paren;
    const labelled = new RegExp(`^(?:${ORIGINAL_LABEL})\\s*[:：]?\\s*`, 'i').exec(innerRaw);
    const inner = innerRaw.slice(labelled?.[0].length ?? 0);
    if (labelled) [main, original] = [outer, inner];
    else if (hasCjk(outer) !== hasCjk(inner)) {
      // "English (中文)" or "中文 (English)": the printed (Latin) form is the original.
      [main, original] = hasCjk(outer) ? [outer, inner] : [inner, outer];
    }
  } else if (translated) {
    original ??= main || null;
    main = translated;
  }
  const title = main ? capLength(tidy(main), MAX_TITLE_CHARS) : null;
  let titleOriginal = original ? capLength(tidy(original), MAX_TITLE_CHARS) : null;
  if (titleOriginal && title && titleOriginal.toLowerCase() === title.toLowerCase()) titleOriginal = null;
  if (!title || isPlaceholder(title)) return { title: null, titleOriginal: null, answered: false };
  return { title, titleOriginal: titleOriginal && !isPlaceholder(titleOriginal) ? titleOriginal : null, answered: true };
}

// ---- 2. authors -----------------------------------------------------------------------

/** Notes and lead-ins around names: "第一作者：", "其他作者包括", "等人", "et al.", "(完整名单见原文)". */
function cleanName(raw: string): string {
  let name = raw
    .trim()
    .replace(/^(?:and\s+|&\s*|以及\s*)/i, '')
    .replace(/^(?:第一作者|通讯作者|共同作者|其他作者|其余作者|其它作者)(?:包括|有|为|是)?\s*[:：]?\s*/, '')
    .replace(/\s*[(（][^()（）]*(?:见|原文|完整|名单|list|etc|等)[^()（）]*[)）]\s*$/i, '')
    .replace(/\s*(?:等人|等|et\s+al\.?)\s*$/i, '')
    .replace(/[.。;；]+$/, '')
    .trim();
  // "王琨（Junke Wang）" or "Junke Wang (王琨)": keep the Latin-script form.
  const paren = trailingParen(name);
  if (paren) {
    const [outer, inner] = paren;
    if (hasCjk(outer) && !hasCjk(inner) && /[a-z]/i.test(inner)) name = inner;
    else if (!hasCjk(outer) && hasCjk(inner)) name = outer;
  }
  return name.trim();
}

/** "松力立和李松": two Chinese names joined by 和 (a 5+ character run cannot be one name). */
function splitCjkAnd(token: string): string[] {
  const m = /^([\u3400-\u9fff·]{2,})和([\u3400-\u9fff·]{2,})$/.exec(token);
  return m?.[1] && m[2] && token.length >= 5 ? [m[1], m[2]] : [token];
}

export function parseAuthors(lines: string[]): { authors: string[]; answered: boolean } {
  const text = firstSentence(lineValues(lines).join(', '));
  if (NONE_VALUE.test(tidy(text))) return { authors: [], answered: true };
  const tokens = text
    .split(/\s*(?:[,，、;；]|\s+and\s+|\s+&\s+|\s+和\s+|(?<=[)）])\s*和\s*)\s*/i)
    .flatMap((t) => splitCjkAnd(cleanName(t)))
    .map(cleanName)
    .filter((n) => n && n.length <= MAX_NAME_CHARS && !isPlaceholder(n) && !NONE_VALUE.test(n));
  const authors = [...new Set(tokens)].slice(0, MAX_NAMES);
  return { authors, answered: authors.length > 0 };
}

// ---- 3. affiliation -------------------------------------------------------------------

export function parseAffiliation(lines: string[]): { affiliation: string | null; answered: boolean } {
  const values = lineValues(lines);
  let first = values[0] ?? '';
  // One line per author ("Name: University"): the first author's is the first one.
  const perAuthor = /^([^:：]{2,60})[:：]\s*(.+)$/.exec(first);
  if (values.length > 1 && perAuthor?.[2]) first = perAuthor[2];
  if (!first && values.length === 0) return { affiliation: null, answered: false };
  const value = tidy(
    firstSentence(first)
      .replace(/^(?:the\s+)?first author'?s? affiliation\s*(?:is)?\s*[:：]?\s*/i, '')
      .replace(/^第一作者(?:的)?(?:单位|所属机构|机构)?\s*[:：为是]\s*/, '')
      .replace(/\s*Correspondence to\s*:.*$/i, '')
      .replace(/\s*[(（][^()（）]*(?:见原文|详见|see the paper)[^()（）]*[)）]\s*$/i, '')
      .replace(/\.$/, ''),
  );
  if (NONE_VALUE.test(value)) return { affiliation: null, answered: true };
  if (isPlaceholder(value)) return { affiliation: null, answered: false };
  return { affiliation: capLength(value, MAX_AFFILIATION_CHARS), answered: true };
}

// ---- 4. keywords ----------------------------------------------------------------------

export function parseKeywords(lines: string[]): { keywords: string[]; answered: boolean } {
  let text = tidy(firstSentence(lineValues(lines).join(', ')));
  if (NONE_VALUE.test(text)) return { keywords: [], answered: true };
  // "English, keywords (中文，关键词)": the contract wants the English list.
  const paren = trailingParen(text);
  if (paren && !hasCjk(paren[0]) && hasCjk(paren[1])) text = paren[0];
  const keywords = text
    .split(/\s*[,，、;；]\s*/)
    .map((k) => tidy(k).replace(/\.$/, ''))
    .filter((k) => k && k.length <= MAX_NAME_CHARS && !isPlaceholder(k));
  const unique = [...new Set(keywords)].slice(0, MAX_KEYWORDS);
  return { keywords: unique, answered: unique.length > 0 };
}

// ---- 5. links -------------------------------------------------------------------------

const URL_RE = /https?:\/\/[^\s<>"'`，。；、（）【】《》「」\u3400-\u9fff]+/gi;
const CODE_HOST = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|gitee\.com|codeberg\.org|git\.[^/]+)\//i;
const ARXIV_ID = /\barXiv\s*[:：]?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?)/i;
const DOI = /\b(?:doi\s*[:：]\s*)(10\.\d{4,9}\/[^\s，。；、（）]+)/i;

/** Strips punctuation that ends the sentence, not the URL ("…/2108.11510v1." or "(https://…)"). */
export function trimUrl(url: string): string {
  let u = url.replace(/[.,;:!?'"*_]+$/, '');
  while (/[)\]]$/.test(u)) {
    const open = u.endsWith(')') ? '(' : '[';
    const close = u.endsWith(')') ? ')' : ']';
    if (u.split(open).length >= u.split(close).length) break;
    u = u.slice(0, -1).replace(/[.,;:!?'"*_]+$/, '');
  }
  return u;
}

/** A URL that only marks where a link should go ("https://arxiv.org/abs/论文编号", "github.com/xxx"). */
function isPlaceholderUrl(url: string): boolean {
  if (/x{3,}|example\.(?:com|org)|your[-_]|\.\.\.|…|[<>{}]/i.test(url)) return true;
  const bare = url.replace(/\/+$/, '');
  // A host alone is a project page, except for hosts that only mean something with a path.
  if (/^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com|arxiv\.org|doi\.org)$/i.test(bare)) return true;
  return /arxiv\.org\/(?:abs|pdf)$/i.test(bare);
}

export function parseLinks(lines: string[]): { paperLink: string | null; codeLink: string | null; answered: boolean } {
  // Markdown links "[Link to the paper](https://…)" become the bare URL.
  const text = lineValues(lines)
    .join(' ')
    .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, ' $2 ');
  const urls = [...text.matchAll(URL_RE)].map((m) => trimUrl(m[0])).filter((u) => !isPlaceholderUrl(u));
  const codeLink = urls.find((u) => CODE_HOST.test(u)) ?? null;
  let paperLink = urls.find((u) => !CODE_HOST.test(u)) ?? null;
  const arxiv = ARXIV_ID.exec(text.replace(URL_RE, ' '))?.[1];
  const doi = DOI.exec(text.replace(URL_RE, ' '))?.[1];
  paperLink ??= arxiv ? `https://arxiv.org/abs/${arxiv}` : doi ? `https://doi.org/${trimUrl(doi)}` : null;
  const answered = paperLink !== null || codeLink !== null || NONE_WORD.test(text);
  return { paperLink, codeLink, answered };
}
