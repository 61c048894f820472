/** Cache keys: what changes the summary changes the key. */
import type { Engine, Language } from './types.ts';

export function summaryCacheKey(parts: { sha256: string; language: Language; engine: Engine; model: string | null; promptVersion: string }): string {
  const maker = parts.engine === 'llm' ? `llm:${parts.model ?? 'unknown'}:${parts.promptVersion}` : 'extractive:v1';
  return `summary:${parts.sha256}:${parts.language}:${maker}`;
}
