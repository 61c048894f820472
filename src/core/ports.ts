/** The small interfaces the core needs; one file under src/services implements each. */
import type { ExtractedPdf } from './types.ts';

export interface ExtractLimits {
  maxPages: number;
}

/** Reads the text layer of a PDF. Throws PaperError (not_pdf, encrypted, timeout, …). */
export interface TextExtractor {
  extract(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedPdf>;
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

/** One chat-completions call. Throws PaperError (llm_failed, rate_limited, timeout). */
export interface LanguageModel {
  readonly name: string;
  complete(messages: ChatMessage[]): Promise<Completion>;
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
