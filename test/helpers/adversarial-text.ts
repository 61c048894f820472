/**
 * Adversarial page text for "runs in linear time" checks of the structure stage (tests with growth.ts, benchmarks).
 * Each maker returns the text of a first page about `size` characters long whose long runs (spaces, '@', 'a.',
 * digits, ').') are what a backtracking pattern retries at every position: a quadratic pattern shows as 4× the time
 * for 2× the size. `adversarialPdf` wraps such a page as an extraction result, with or without a first-page layout.
 */
import type { ExtractedPdf, TextItem } from '../../src/core/types.ts';

/** Whitespace that survives the clean-up (plain spaces, tabs and no-break spaces are collapsed there). */
const WIDE_SPACE = ' \u205f';

const times = (unit: string, size: number) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));

/**
 * The case: a title, then one long line the contact stripping of the front matter scans (it holds an '@'):
 * runs of "a.", '{' and digits that an e-mail pattern without an anchor starts on at every character.
 */
export function longLineFirstPage(size: number): string {
  const run = Math.floor(size / 4);
  return `A Study of Long Lines\n${times('a.', run)} ${times('{', run)} ${times('1', run)} ${times('@', run)} x@y`;
}

/**
 * Front-matter lines (authors, e-mail label, affiliation, keywords, DOI, copyright) that each carry a long run of
 * whitespace with no separator after it: a separator pattern that opens with optional whitespace retries the run
 * from each of its characters.
 */
export function whitespaceRunsPage(size: number): string {
  const run = times(WIDE_SPACE, Math.floor(size / 8));
  return [
    'A Study of Wide Spaces',
    `Ada Lovelace${run}Charles Babbage`,
    `Department of Computing, University of Examples${run}(e-mail${run}x`,
    `Keywords${run}spacing`,
    `doi${run}x`,
    `© ${run}x`,
    `Abstract${run}x`,
    `The authors are with the University of Examples${run}x`,
  ].join('\n');
}

/**
 * Identifiers followed by long runs of closing punctuation that are not at the end of the token: trimming patterns
 * such as /[.)\]]+$/u on a DOI or a GitHub URL rescan the run from each of its characters.
 */
export function closingPunctuationPage(size: number): string {
  const run = times(').', Math.floor(size / 4));
  return [
    'A Study of Closing Punctuation',
    'Ada Lovelace, Charles Babbage',
    `DOI: 10.1234/example${run}x`,
    `Code: https://github.com/example/repository${run}x`,
    `Keywords: spacing${times(' .', Math.floor(size / 4))} x`,
    `Abstract. ${times('a ', Math.floor(size / 4))}`,
  ].join('\n');
}

/**
 * Body lines for the heading and hyphenation readers: table-of-contents-like runs of leader dots and underscores
 * not followed by a page number, and a line broken with a hyphen after a long token of letters and a digit, whose
 * next line holds a long whitespace run and a line separator (U+2028, which the page split keeps).
 */
export function leaderAndHyphenPage(size: number): string {
  const run = Math.floor(size / 4);
  return [
    'A Study of Leaders',
    'Ada Lovelace, Charles Babbage',
    `1 Introduction ${times('.', run)}x`,
    `2 Method ${times('_', run)}${times('1', 8)}x`,
    `We read the ${times('a', run)}1b-`,
    `continued${times(WIDE_SPACE, run)}x\u2028y`,
  ].join('\n');
}

/** The page as an extraction result; with `layout`, every line is also one positioned text item (title set large). */
export function adversarialPdf(pageText: string, options: { layout?: boolean } = {}): ExtractedPdf {
  const lines = pageText.split('\n');
  const items: TextItem[] = lines.map((str, i) => {
    const fontSize = i === 0 ? 18 : 10;
    return { str, x: 72, y: 720 - 16 * i, width: str.length * fontSize * 0.5, height: fontSize, fontSize, fontName: 'f' };
  });
  return {
    pages: [{ num: 1, text: pageText }],
    totalPages: 1,
    truncated: false,
    info: {},
    layout: options.layout ? [{ num: 1, width: 612, height: 792, items }] : [],
    linkUrls: [],
  };
}

/*
 * Untrusted text outside the structure stage: HTML landing pages, log lines, model replies and answers, chat messages.
 * Same idea: long runs that a pattern without an anchor (or with two quantifiers sharing characters) retries from
 * each of their characters, and that end in something the pattern rejects.
 */

/**
 * A landing page whose head holds one `<meta` tag with a long attribute name and no `=`, then a long run of
 * unterminated `<meta` openings: /<meta\b[^>]*>/ rescans the run from each `<meta`, an attribute loop the long name.
 */
export function unterminatedMetaPage(size: number): string {
  const run = Math.floor(size / 2);
  return `<html><head><meta name${times('a', run)}>${times('<meta', run)}`;
}

/** A log line of "a." runs (a word boundary before each letter) with no `://` after them, and a URL without a password. */
export function schemeRunLogLine(size: number): string {
  return `request failed: ${times('a.', Math.floor(size / 2) - 20)} http://host:6379/0`;
}

/** A reply that ends in a long letterless loop (a rule line that never ends): no period up to 200 may count. */
export function letterlessLoopReply(size: number): string {
  return `1. Title: A Study of Rules\n${times('-', size)}`;
}

/**
 * A six-item reply whose values hold long runs of spaces before something no pattern expects there, a long `[` run in
 * the links and a `<p` run that never closes: label, separator and trailing-run patterns rescan each run per start.
 */
export function whitespaceRunsReply(size: number): string {
  const run = Math.floor(size / 12);
  const spaces = times(' ', run);
  return [
    `1. Title: A Study${spaces}of Spaces 中文标题${spaces}x`,
    `2. Authors: Ada Lovelace${spaces}Charles Babbage et${spaces}x`,
    `3. Affiliation: University of Examples${spaces}Correspondence${spaces}x (see${spaces}x`,
    `4. Keywords: spacing${spaces}runs${times('.', run)}x`,
    `5. Links: [${times('[', run)} https://example.org/paper${times('/', run)}x`,
    `6. Summary${spaces}x`,
    `- (1)${spaces}:${spaces}Background of the study.`,
    `Methods${spaces}x ${times('<p', run)}`,
  ].join('\n');
}

/** A model's answer with citation-like openings followed by long runs of spaces and separators, never closed. */
export function citationRunsAnswer(size: number): string {
  const run = Math.floor(size / 4);
  return `See [p. 1${times(' ', run)}x, [pp. ${times('1, ', Math.floor(run / 3))}x and${times(' ', run)}y${times('\t', run)}z`;
}

/** Model Markdown with a long `[` run, a link whose `(` is followed by a long run of spaces, and `](` runs. */
export function bracketRunsMarkdown(size: number): string {
  const run = Math.floor(size / 4);
  return `${times('[', run)}](${times(' ', run)}x ${times('[](x', Math.floor(run / 4))} ${times('![', Math.floor(run / 2))}`;
}

/** A Slack mention whose words end in long runs of sentence punctuation followed by a letter. */
export function punctuationRunsMention(size: number): string {
  const run = Math.floor(size / 3);
  return `<@U012345> summarize ${times('.', run)}x ${times('?', run)}y ${times('(', run)}`;
}
