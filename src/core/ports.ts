/** The small interfaces the core needs; one file under src/services implements each. */
import type { ExtractedPdf, OcrOutcome } from './types.ts';

export interface ExtractLimits {
  maxPages: number;
}

/** Pages to read by OCR, and how long it may take. */
export interface OcrRequest {
  pages: number[];
  /** The script the rest of the paper suggests (its other pages, its metadata), so the first page tries the right languages first. */
  script: 'cjk' | 'latin' | null;
  /** No page is started past this much time; the pages done are returned. */
  budgetMs: number;
}

/** Reads the text layer of a PDF. Throws PaperError (not_pdf, encrypted, timeout, …). */
export interface TextExtractor {
  extract(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedPdf>;
  /**
   * Renders pages and recognizes their text (absent: no OCR available). onPage hears each page as it starts.
   * Throws PaperError like extract (too_large past the memory limit, timeout).
   */
  recognize?(bytes: Uint8Array, request: OcrRequest, onPage?: (page: number, index: number) => void): Promise<OcrOutcome>;
  /** Starts a parser ahead of the first paper, so that its start overlaps the caller's own (a command line run). */
  warm?(): void;
  /**
   * Starts extract(bytes, limits) now, for a caller that will ask for it once its own start-up is done (a command line
   * run's first file). The next extract call with equal bytes and limits takes that result; until then the job keeps
   * nothing alive, so a run that never asks (a cache hit) ends without waiting for it.
   */
  prefetch?(bytes: Uint8Array, limits: ExtractLimits): void;
  close?(): Promise<void>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Completion {
  text: string;
  finishReason: string | null;
  inputTokens: number;
  outputTokens: number;
}

export interface CompleteOptions {
  /**
   * Hears the answer while it is written (the model streams it): always the whole text so far, never a piece. A
   * stream that breaks and is retried starts again from '' (and from the beginning), so a listener that shows what it
   * gets *replaces* what people saw instead of appending to it. Called only while a stream arrives: a model that does
   * not stream (STREAMING=off, or an endpoint that refuses to) never calls it, and its answer comes as the Completion.
   * Without a listener nothing is streamed.
   */
  onText?: ((textSoFar: string) => void) | undefined;
}

/** One chat-completions call. Throws PaperError (llm_failed, rate_limited, timeout). */
export interface LanguageModel {
  readonly name: string;
  complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion>;
}

/** Turns texts into vectors for retrieval (an embeddings endpoint). Throws PaperError like LanguageModel. */
export interface Embedder {
  readonly model: string;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}

/** A key-value cache; implementations must never throw for a broken store (they degrade). */
export interface SummaryCache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  close?(): Promise<void>;
}

/** Counts tokens the way the model will. */
export interface Tokenizer {
  count(text: string): number;
}

/** Downloads a URL's bytes within limits; refuses unsafe targets. Throws PaperError. */
export interface Fetcher {
  fetchBytes(url: string): Promise<{ bytes: Uint8Array; finalUrl: string; contentType: string | null }>;
}

/**
 * Remembers who came first, for longer than one process when the store persists: exactly-once work (Slack event ids,
 * channel + file) and small "first seen here" records. Implementations never throw for a broken store (they degrade).
 */
export interface ClaimStore {
  /** True for the first claim of `key` within `ttlMs`; false while an earlier claim holds. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Drops a claim so that the key can be claimed again (work that failed and may be retried). */
  release(key: string): Promise<void>;
  /** Stores `value` under `key` unless a value is there already; returns the value that was there first. */
  keepFirst<T>(key: string, value: T, ttlMs: number): Promise<T>;
  /** The value under `key` while it holds (a claim reads as a truthy marker), else undefined. */
  peek<T>(key: string): Promise<T | undefined>;
  close?(): Promise<void>;
}
