/**
 * The buttons' custom_ids (≤ 100 characters) carry everything a click needs, so one interactionCreate handler
 * answers them also after a restart: `pb:r:<lang>:<ref>` (regenerate), `pb:t:<lang>:<ref>` (the other language),
 * `pb:up:<lang>:<sha256>` / `pb:dn:<lang>:<sha256>` (feedback). `<lang>` is the language of the summary shown. Pure.
 */
import type { Language } from '../../core/types.ts';
import { DISCORD_LIMITS } from './limits.ts';

export type ButtonAction =
  | { action: 'regenerate' | 'language'; language: Language; refToken: string }
  | { action: 'vote'; vote: 'up' | 'down'; language: Language; sha256: string };

export function customId(a: ButtonAction): string | null {
  const id =
    a.action === 'vote'
      ? `pb:${a.vote === 'up' ? 'up' : 'dn'}:${a.language}:${a.sha256}`
      : `pb:${a.action === 'regenerate' ? 'r' : 't'}:${a.language}:${a.refToken}`;
  return id.length <= DISCORD_LIMITS.customId ? id : null;
}

export function parseCustomId(id: string): ButtonAction | null {
  const m = /^pb:(r|t|up|dn):(zh|en):(.+)$/s.exec(id);
  if (!m) return null;
  const [, kind, lang, rest] = m as unknown as [string, string, Language, string];
  if (kind === 'up' || kind === 'dn') {
    return /^[0-9a-f]{64}$/.test(rest) ? { action: 'vote', vote: kind === 'up' ? 'up' : 'down', language: lang, sha256: rest } : null;
  }
  return { action: kind === 'r' ? 'regenerate' : 'language', language: lang, refToken: rest };
}
