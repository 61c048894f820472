/**
 * Heading candidates, one line at a time: numbered ("2. Method", "III. RESULTS", "第一章 绪论",
 * "3.1 Setup", "A Appendix"), known unnumbered names (Abstract, References, 参考文献 …) and run-in
 * labels ("Abstract—…", "摘要 目的：…"). Which numbered candidates are real is decided by
 * heading-chain.ts, looking at the whole document.
 */
import { countCjk, displayWidth, LINE_BREAK, runStartBefore } from './text-utils.ts';

export type HeadingKind = 'arabic' | 'roman' | 'chapter' | 'letter' | 'sub' | 'named';

export interface HeadingCandidate {
  kind: HeadingKind;
  /** Number in its own sequence (1 for "I.", "A", "第一章"); 0 for named headings. */
  num: number;
  /** For "3.1": the parent number 3. */
  parent: number;
  /** Separator style after the number ("." or ""), so a chain keeps one style. */
  sep: string;
  heading: string;
  /** Text after a run-in label on the same line. */
  runIn: string;
}

const NAMED =
  /^(?:abstract|summary|introduction|background|related\s+work|prior\s+work|methods?|materials?\s+and\s+methods|methodology|results(?:\s+and\s+discussion)?|discussion|conclusions?(?:\s+and\s+future\s+work)?|concluding\s+remarks|future\s+work|limitations|acknowledge?ments?|references|bibliography|literature\s+cited|appendix|appendices|supplementary\s+(?:materials?|information)|author\s+details|authors?['’]?\s+contributions|competing\s+interests|conflicts?\s+of\s+interests?|declarations?|funding|data\s+availability|abbreviations|ethics\s+statement|broader\s+impacts?|contents|table\s+of\s+contents|摘要|引言|前言|绪论|结论|结束语|参考文献|致谢|目录|附录|声明)$/iu;

/** Labels that run into the text: "Abstract—…", "Abstract. …", "摘要 目的:…", "Acknowledgments. We …". */
const RUN_IN: RegExp[] = [
  /^(abstract|摘\s*要)(?:\s*[—–:：.]\s*|\s+(?=[\p{Lu}\u3400-\u9fff]))(\S.*)$/iu,
  /^(acknowledge?ments?)\s*[—–:：.]\s*(\S.*)$/iu,
];

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
export function romanValue(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i] ?? ''] ?? 0;
    const next = ROMAN[s[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
export function chineseNumber(s: string): number {
  if (/^\d+$/u.test(s)) return Number(s);
  const tenAt = s.indexOf('十');
  if (tenAt < 0) return CN_DIGITS[s] ?? 0;
  const tens = tenAt === 0 ? 1 : (CN_DIGITS[s.slice(0, tenAt)] ?? 0);
  return tens * 10 + (CN_DIGITS[s.slice(tenAt + 1)] ?? 0);
}

/** Small caps come out as "I NTRODUCTION": rejoin a lone capital with the capitals that follow it. */
export function fixSmallCaps(text: string): string {
  if (/\p{Ll}/u.test(text)) return text;
  return text.replace(/\b([A-Z]) ([A-Z]{2,})\b/gu, '$1$2');
}

/** Leader dots (or a wide gap) somewhere in the line: a quick test before the line's end is read. */
const LEADER = /\.{4}|…{2}|(?:\. ){4}|·{4}|_{4}/u;
const DIGIT = /\d/u;
const ROMAN_DIGIT = /[ivxlc]/iu;
const SPACE = /\s/u;

/**
 * Table-of-contents lines: leader dots (or a wide gap) and a page number. The line is read from its end (leader,
 * whitespace, optional arabic or roman page number, whitespace): a pattern searching for the leader would rescan
 * every long run of dots.
 */
export function isTocLine(line: string): boolean {
  if (!LEADER.test(line)) return false;
  const end = runStartBefore(line, SPACE);
  // The page number: a whole run of up to 4 digits or up to 6 roman digits (a longer run is not a page number).
  let numStart = runStartBefore(line, DIGIT, end);
  if (numStart === end) numStart = runStartBefore(line, ROMAN_DIGIT, end);
  if (end - numStart > (DIGIT.test(line[end - 1] ?? '') ? 4 : 6)) return false;
  const leaderEnd = runStartBefore(line, SPACE, numStart);
  const head = line.slice(0, leaderEnd);
  // Spaced dots (". " four times or more) end with a space, which the trimmed gap held.
  const spacedDots = head.endsWith('. . . .') && line[leaderEnd] === ' ';
  return spacedDots || head.endsWith('....') || head.endsWith('……') || head.endsWith('····') || head.endsWith('____');
}

/** Shape checks shared by all numbered titles. */
export function titleShapeOk(title: string): boolean {
  const t = title.trim();
  if (!t || !/^[\p{Lu}\u3400-\u9fff“"'(]/u.test(t)) return false;
  if (/[,;:，；：、。\-–]$/u.test(t) || (/\.$/u.test(t) && !/\b[A-Z]\.$/u.test(t))) return false;
  if ((t.match(/,/gu)?.length ?? 0) >= 2 || /[，。]/u.test(t) || /\bet al\b|\d{4,}|https?:|@/u.test(t)) return false;
  const letters = t.match(/[\p{L}]/gu)?.length ?? 0;
  if (letters < 0.5 * t.replace(/\s/gu, '').length) return false;
  const cjk = countCjk(t);
  if (cjk > 0) return cjk <= 20 && displayWidth(t) <= 50;
  return t.length <= 90 && t.split(/\s+/u).length <= 14;
}

function numbered(line: string): HeadingCandidate | null {
  let m = /^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$/u.exec(line);
  if (m) return titleShapeOk(m[3] ?? '') ? { kind: 'sub', num: Number(m[2]), parent: Number(m[1]), sep: '.', heading: line, runIn: '' } : null;
  m = /^(\d{1,2})(\.?)\s+(\S.*)$/u.exec(line);
  if (m && titleShapeOk(m[3] ?? '')) return { kind: 'arabic', num: Number(m[1]), parent: 0, sep: m[2] ?? '', heading: line, runIn: '' };
  m = /^([IVX]{1,5})\.\s+(\S.*)$/u.exec(line);
  if (m && titleShapeOk(m[2] ?? '')) return { kind: 'roman', num: romanValue(m[1] ?? ''), parent: 0, sep: '.', heading: fixSmallCaps(line), runIn: '' };
  m = /^第\s*([一二三四五六七八九十零〇\d]{1,3})\s*章/u.exec(line);
  const chapterTitle = m ? line.slice(m[0].length).trimStart() : '';
  // (The title runs to the end of the line; a line break inside it means no chapter heading.)
  if (m && !LINE_BREAK.test(chapterTitle) && (chapterTitle === '' || titleShapeOk(chapterTitle))) {
    return { kind: 'chapter', num: chineseNumber(m[1] ?? ''), parent: 0, sep: '', heading: line, runIn: '' };
  }
  m = /^(?:appendix\s+)?([A-H])(\.|:)?\s+(\S.*)$/iu.exec(line);
  if (m && /^[A-H]$/u.test(m[1] ?? '') && titleShapeOk(m[3] ?? '')) {
    return { kind: 'letter', num: (m[1] ?? 'A').charCodeAt(0) - 64, parent: 0, sep: m[2] ?? '', heading: fixSmallCaps(line), runIn: '' };
  }
  return null;
}

/** The candidate a line could be, or null. */
export function headingCandidate(raw: string): HeadingCandidate | null {
  const line = raw.trim();
  if (!line || isTocLine(line)) return null;
  const run = RUN_IN.map((re) => re.exec(line)).find((m) => m !== null);
  if (run?.[1] && run[2]) return { kind: 'named', num: 0, parent: 0, sep: '', heading: run[1].replace(/\s+/gu, ''), runIn: run[2] };
  if (line.length > 120) return null;
  const bare = fixSmallCaps(line).replace(/[:：.]$/u, '').replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/gu, '');
  if (NAMED.test(bare)) return { kind: 'named', num: 0, parent: 0, sep: '', heading: bare, runIn: '' };
  return numbered(line);
}

/** Quick test used by other readers (keywords) to stop at the next heading. */
export function isHeadingLine(line: string): boolean {
  const c = headingCandidate(line);
  return !!c && c.runIn === '';
}
