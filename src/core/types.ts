/** Plain data shared by every stage. No platform, no library types. */
import type { SummaryDraft } from './reply/draft-summary.ts';

export type Language = 'zh' | 'en';
export type Engine = 'llm' | 'extractive';

/** Text of one page as extracted (1-based page number). */
export interface PageText {
  num: number;
  text: string;
}

/** One positioned text run from the PDF's text layer (PDF user space: y grows upwards). */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  fontName: string;
}

/** Layout of one page: its size and text items. Only the first pages carry it. */
export interface PageLayout {
  num: number;
  width: number;
  height: number;
  items: TextItem[];
}

/** The PDF's own Info dictionary fields we may trust (see structure/pdf-info.ts). */
export interface PdfInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
}

/** What the extractor returns for one PDF. */
export interface ExtractedPdf {
  /** Pages actually read, in order, 1-based. */
  pages: PageText[];
  /** Page count of the document (may exceed pages.length when cut at MAX_PAGES). */
  totalPages: number;
  /** True when pages were cut at the page limit. */
  truncated: boolean;
  info: PdfInfo;
  /** Layout of the first pages (title page analysis). */
  layout: PageLayout[];
  /** URIs of the PDF's link annotations, in page order. */
  linkUrls: string[];
}

/** A page read by OCR: its text and layout as a text layer's would be, and how sure the recognizer was. */
export interface OcrPage {
  num: number;
  text: string;
  layout: PageLayout;
  /** Mean word confidence, 0–100. */
  confidence: number;
  /** The languages that read it (e.g. "eng", "chi_sim+eng"). */
  langs: string;
  ms: number;
}

export interface OcrOutcome {
  pages: OcrPage[];
  /** Pages asked for but not read because the time budget ran out (or the run was stopped). */
  skipped: number[];
  /** Set when the run was stopped at the memory or time limit after some pages (those are kept). */
  stoppedBy?: 'memory' | 'time';
}

export interface Section {
  heading: string;
  /** 1 = top level; 2 = numbered sub-section like "3.1". */
  level: number;
  /** Page where the heading stands. */
  page: number;
  /** Body text under the heading up to the next heading of any level. */
  text: string;
}

/** What the structure stage finds in a paper. */
export interface PaperStructure {
  title: string | null;
  authors: string[];
  affiliation: string | null;
  keywords: string[];
  abstract: string | null;
  sections: Section[];
  arxivId: string | null;
  doi: string | null;
  githubUrls: string[];
  language: Language;
  /** Cleaned page texts (ligatures, hyphenation, running heads removed). */
  pages: PageText[];
}

export interface SummaryPoints {
  background: string;
  priorWork: string;
  method: string;
  results: string;
}

/** The fixed-format summary: plain data, no markup. */
export interface Summary {
  title: string;
  titleOriginal: string;
  authors: string[];
  affiliation: string | null;
  keywords: string[];
  links: { paper: string | null; code: string | null };
  summary: SummaryPoints;
  language: Language;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  requests: number;
}

export interface SourceInfo {
  sha256: string;
  pages: number;
  fileName: string;
}

/** A summary with how it was made; this is what gets cached and rendered. */
export interface SummaryResult extends Summary {
  engine: Engine;
  model: string | null;
  cached: boolean;
  source: SourceInfo;
  usage: Usage | null;
  /** Pages each summary point draws on, found in the text the summary was made from (absent in old cache entries). */
  sources?: Record<keyof SummaryPoints, number[]>;
}

/** A paper to summarize, as the adapters hand it to the core. */
export interface PaperRequest {
  /** PDF bytes already loaded (file, chat attachment, download). */
  bytes: Uint8Array;
  fileName: string;
  /** Canonical paper link known from the input (arXiv abs URL, DOI URL), if any. */
  knownPaperUrl?: string;
  language: Language;
  engine: Engine;
  /** Skip cache reads (Regenerate, --no-cache); results are still written. */
  bypassCache?: boolean;
  /**
   * Report the summary as the model writes it: 'writing' progress events with a SummaryDraft (at most one per ~250 ms,
   * plus one as each item is finished). The listener must take them; nothing is reported with STREAMING=off.
   */
  reportDrafts?: boolean;
  /**
   * Awaited once right before the first model call (never on a cache hit or with the extractive engine): the chat's
   * spending caps charge here and throw PaperError('quota_exceeded') to stop the request. The CLI sets none.
   */
  beforeModel?: () => Promise<void>;
}

/** Where the work is: the stages a placeholder names. */
export type ProgressStage =
  | { stage: 'downloading' }
  | { stage: 'reading'; pages: number }
  /** OCR of unreadable pages: page is the ordinal among the pages to recognize (1-based), pages their count. */
  | { stage: 'recognizing'; page: number; pages: number }
  | { stage: 'summarizing'; model: string | null }
  | { stage: 'cached' };

/** The summary so far while the model writes it; only for a request with `reportDrafts` (and STREAMING=on). */
export interface WritingProgress {
  stage: 'writing';
  draft: SummaryDraft;
}

export type ProgressEvent = ProgressStage | WritingProgress;

/**
 * Hears a request's progress. Declared as a method so that a listener written for the status stages alone
 * (`(stage: ProgressStage) => void`) still fits: it never gets 'writing' events, which go only to requests that ask
 * for them (`reportDrafts`).
 */
export type ProgressListener = { listen(event: ProgressEvent): void }['listen'];
