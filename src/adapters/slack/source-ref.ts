/**
 * What a summary's buttons need to make it again: where the PDF came from (a Slack file id or the link/arXiv id/DOI
 * typed in chat) and the language it was made in. Stored in the button's `value` (≤ 2,000 characters). Pure.
 */
import type { Language } from '../../core/types.ts';

export type SourceRef = { kind: 'file'; fileId: string; language: Language } | { kind: 'link'; input: string; language: Language };

export function encodeSourceRef(ref: SourceRef): string {
  return JSON.stringify(ref.kind === 'file' ? { f: ref.fileId, l: ref.language } : { u: ref.input, l: ref.language });
}

export function decodeSourceRef(value: string | undefined): SourceRef | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { f?: unknown; u?: unknown; l?: unknown };
    const language: Language = v.l === 'en' ? 'en' : 'zh';
    if (typeof v.f === 'string' && /^[A-Z0-9]+$/.test(v.f)) return { kind: 'file', fileId: v.f, language };
    if (typeof v.u === 'string' && v.u.length > 0) return { kind: 'link', input: v.u, language };
    return null;
  } catch {
    return null;
  }
}
