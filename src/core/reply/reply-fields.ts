/**
 * Items 1–5 of a reply, from their body lines to clean values.
 * Each returns `answered: false` when the item holds no usable answer (placeholder, echoed instruction).
 */
import { NONE_WORD, isPlaceholder } from './reply-problems.ts';
import { capLength, hasCjk, joinLines } from './reply-text.ts';
import { cutFromLabel, splitAtLabel } from './line-scans.ts';
import { trailingNote, trailingNoteWhere } from './trailing-note.ts';
import { replaceBracketLinks } from '../text/bracket-links.ts';

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

const PROMPT_NOTE = /^(?:if available|if any|若有|如有|可选)$/i;
const PROMPT_NOTE_MAX_CHARS = 'if available'.length;

/** Without a final "(if available)" / "(如果可用…)" note copied from the prompt. */
function dropPromptNote(value: string): string {
  const cut = trailingNoteWhere(
    value,
    (start, end) =>
      value.startsWith('如果可用', start) || (end - start <= PROMPT_NOTE_MAX_CHARS && PROMPT_NOTE.test(value.slice(start, end))),
  );
  return cut < 0 ? value : value.slice(0, cut);
}

/** Drops "(if available)" style notes, wrapping quotes, and a final full stop. */
function tidy(value: string): string {
  // Only a quote run's first character may try to end the value: the lookbehind keeps the scan linear.
  return dropPromptNote(value.trim())
    .replace(/^[“"'《「]+/, '')
    .replace(/(?<![”"'》」])[”"'》」]+$/, '')
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

/** A translated-title label and its colon; the labels never overlap (no match of it can start inside another). */
const TRANSLATED_AT = new RegExp(`(?:${TRANSLATED_LABEL})\\s*[:：]`, 'gi');

export function parseTitle(lines: string[]): { title: string | null; titleOriginal: string | null; answered: boolean } {
  let translated: string | null = null;
  let original: string | null = null;
  const rest: string[] = [];
  for (const line of lineValues(lines)) {
    // Values are trimmed, so the answer after the colon starts with a non-space (`\s*(.+)` would backtrack).
    const t = new RegExp(`^(?:${TRANSLATED_LABEL})\\s*[:：]\\s*(\\S.*)$`, 'i').exec(line);
    const o = new RegExp(`^(?:${ORIGINAL_LABEL})\\s*[:：]\\s*(\\S.*)$`, 'i').exec(line);
    if (t?.[1]) translated ??= t[1];
    else if (o?.[1]) original ??= o[1];
    else rest.push(line);
  }
  let main = joinLines(rest);
  // "English Title 中文标题: 中文" on one line: /^(.*?)\s*(?:label)\s*[:：]\s*(.+)$/i, without its backtracking.
  const inline = splitAtLabel(main, TRANSLATED_AT);
  if (inline?.[0] && inline[1]) {
    main = inline[0];
    translated ??= inline[1];
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

const NAME_LIST_NOTE = /见|原文|完整|名单|list|etc|等/i;

/** Notes and lead-ins around names: "第一作者：", "其他作者包括", "等人", "et al.", "(完整名单见原文)". */
function cleanName(raw: string): string {
  let name = raw
    .trim()
    .replace(/^(?:and\s+|&\s*|以及\s*)/i, '')
    .replace(/^(?:第一作者|通讯作者|共同作者|其他作者|其余作者|其它作者)(?:包括|有|为|是)?\s*[:：]?\s*/, '');
  const note = trailingNote(name);
  if (note && NAME_LIST_NOTE.test(note.inner)) name = name.slice(0, note.cut);
  // A match may start only where a run of spaces starts: no rescan of the run from each of its characters.
  name = name
    .replace(/(?:(?<!\s)\s+)?(?:等人|等|et\s+al\.?)\s*$/i, '')
    .replace(/(?<![.。;；])[.。;；]+$/, '')
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
  // As /^([\u3400-\u9fff·]{2,})和([\u3400-\u9fff·]{2,})$/ splits it (at the last 和 that leaves two characters on
  // each side), without that regex's retrying of every 和.
  if (token.length < 5 || !/^[\u3400-\u9fff·]+$/.test(token)) return [token];
  const at = token.lastIndexOf('和', token.length - 3);
  return at >= 2 ? [token.slice(0, at), token.slice(at + 1)] : [token];
}

export function parseAuthors(lines: string[]): { authors: string[]; answered: boolean } {
  const text = firstSentence(lineValues(lines).join(', '));
  if (NONE_VALUE.test(tidy(text))) return { authors: [], answered: true };
  const tokens = text
    // Spaces are taken only from where their run starts (a separator's own spaces end its match).
    .split(/(?:(?<!\s)\s+)?[,，、;；]\s*|(?<!\s)\s+(?:and|&|和)\s+|(?<=[)）])\s*和\s*/i)
    .flatMap((t) => splitCjkAnd(cleanName(t)))
    .map(cleanName)
    .filter((n) => n && n.length <= MAX_NAME_CHARS && !isPlaceholder(n) && !NONE_VALUE.test(n));
  const authors = [...new Set(tokens)].slice(0, MAX_NAMES);
  return { authors, answered: authors.length > 0 };
}

// ---- 3. affiliation -------------------------------------------------------------------

/** "Correspondence to:" with the spaces before it (taken from where their run starts, so never rescanned). */
const CORRESPONDENCE = /(?:(?<!\s)\s+)?Correspondence to\s*:/gi;

const SEE_THE_PAPER = /见原文|详见|see the paper/i;

/** Without a final "(详见原文)" / "(see the paper)" note. */
function dropSeeThePaper(value: string): string {
  const note = trailingNote(value);
  return note && SEE_THE_PAPER.test(note.inner) ? value.slice(0, note.cut) : value;
}

export function parseAffiliation(lines: string[]): { affiliation: string | null; answered: boolean } {
  const values = lineValues(lines);
  let first = values[0] ?? '';
  // One line per author ("Name: University"): the first author's is the first one.
  const perAuthor = /^([^:：]{2,60})[:：]\s*(\S.*)$/.exec(first);
  if (values.length > 1 && perAuthor?.[2]) first = perAuthor[2];
  if (!first && values.length === 0) return { affiliation: null, answered: false };
  const unlabelled = firstSentence(first)
    .replace(/^(?:the\s+)?first author'?s? affiliation\s*(?:is)?\s*[:：]?\s*/i, '')
    .replace(/^第一作者(?:的)?(?:单位|所属机构|机构)?\s*[:：为是]\s*/, '');
  const value = tidy(dropSeeThePaper(cutFromLabel(unlabelled, CORRESPONDENCE)).replace(/\.$/, ''));
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
    .split(/(?:(?<!\s)\s+)?[,，、;；]\s*/)
    .map((k) => tidy(k).replace(/\.$/, ''))
    .filter((k) => k && k.length <= MAX_NAME_CHARS && !isPlaceholder(k));
  const unique = [...new Set(keywords)].slice(0, MAX_KEYWORDS);
  return { keywords: unique, answered: unique.length > 0 };
}

// ---- 5. links -------------------------------------------------------------------------

const URL_RE = /https?:\/\/[^\s<>"'`，。；、（）【】《》「」\u3400-\u9fff]+/gi;
const CODE_HOST = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|gitee\.com|codeberg\.org|git\.[^/]+)\//i;
const ARXIV_LABEL = /\barXiv\s*(?:[:：]\s*)?/gi;
const ARXIV_ID_AT = /(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?/iy;
const ARCHIVE_CHAR = /[a-z-]/i;
const DOI = /\b(?:doi\s*[:：]\s*)(10\.\d{4,9}\/[^\s，。；、（）]+)/i;

/**
 * The id of the first "arXiv: <id>", as /\barXiv\s*[:：]?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?)/i
 * finds it. As one regex, every "arXiv" inside a long run of letters and dashes ("arXiv-arXiv-…") rescans the run
 * for an old-style archive name; an id that failed from one point of a run fails from any later point of it too.
 */
function arxivIdIn(text: string): string | undefined {
  let failedRunEnd = -1;
  for (const label of text.matchAll(ARXIV_LABEL)) {
    const at = label.index + label[0].length;
    if (at < failedRunEnd && ARCHIVE_CHAR.test(text[at] ?? '')) continue;
    ARXIV_ID_AT.lastIndex = at;
    const id = ARXIV_ID_AT.exec(text);
    if (id) return id[0];
    failedRunEnd = at;
    while (failedRunEnd < text.length && ARCHIVE_CHAR.test(text[failedRunEnd]!)) failedRunEnd++;
  }
  return undefined;
}

const SENTENCE_END = '.,;:!?\'"*_';

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Strips punctuation that ends the sentence, not the URL ("…/2108.11510v1." or "(https://…)"). */
export function trimUrl(url: string): string {
  // Counted once and kept up to date: recounting per stripped bracket is quadratic on "https://x)))))…".
  const opens: Record<string, number> = { ')': count(url, '('), ']': count(url, '[') };
  const closes: Record<string, number> = { ')': count(url, ')'), ']': count(url, ']') };
  let end = url.length;
  const dropSentenceEnd = () => {
    while (end > 0 && SENTENCE_END.includes(url[end - 1]!)) end--;
  };
  dropSentenceEnd();
  for (let close = url[end - 1]; close === ')' || close === ']'; close = url[end - 1]) {
    if (opens[close]! >= closes[close]!) break;
    closes[close]!--;
    end--;
    dropSentenceEnd();
  }
  return url.slice(0, end);
}

/** A URL that only marks where a link should go ("https://arxiv.org/abs/论文编号", "github.com/xxx"). */
function isPlaceholderUrl(url: string): boolean {
  if (/x{3,}|example\.(?:com|org)|your[-_]|\.\.\.|…|[<>{}]/i.test(url)) return true;
  const bare = url.replace(/(?<!\/)\/+$/, '');
  // A host alone is a project page, except for hosts that only mean something with a path.
  if (/^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com|arxiv\.org|doi\.org)$/i.test(bare)) return true;
  return /arxiv\.org\/(?:abs|pdf)$/i.test(bare);
}

export function parseLinks(lines: string[]): { paperLink: string | null; codeLink: string | null; answered: boolean } {
  // Markdown links "[Link to the paper](https://…)" become the bare URL.
  const text = replaceBracketLinks(lineValues(lines).join(' '), (_label, url) => ` ${url} `);
  const urls = [...text.matchAll(URL_RE)].map((m) => trimUrl(m[0])).filter((u) => !isPlaceholderUrl(u));
  const codeLink = urls.find((u) => CODE_HOST.test(u)) ?? null;
  let paperLink = urls.find((u) => !CODE_HOST.test(u)) ?? null;
  const arxiv = arxivIdIn(text.replace(URL_RE, ' '));
  const doi = DOI.exec(text.replace(URL_RE, ' '))?.[1];
  paperLink ??= arxiv ? `https://arxiv.org/abs/${arxiv}` : doi ? `https://doi.org/${trimUrl(doi)}` : null;
  const answered = paperLink !== null || codeLink !== null || NONE_WORD.test(text);
  return { paperLink, codeLink, answered };
}
