/** Cache keys: what changes the summary changes the key. */
import type { Engine, Language } from '../types.ts';

export function summaryCacheKey(parts: {
  sha256: string;
  language: Language;
  engine: Engine;
  model: string | null;
  promptVersion: string;
  /** paperbot's own version: a new release re-reads papers with its improved extraction. */
  codeVersion: string;
}): string {
  const maker = parts.engine === 'llm' ? `llm:${parts.model ?? 'unknown'}:${parts.promptVersion}` : 'extractive';
  return `summary:${parts.sha256}:${parts.language}:${maker}:${parts.codeVersion}`;
}
