/** The button row under a summary: Regenerate, the other language, 👍 / 👎 (custom_ids from custom-id.ts). Pure. */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Language } from '../../core/types.ts';
import { customId } from './custom-id.ts';

const LABELS: Record<Language, { regenerate: string; other: string }> = {
  en: { regenerate: 'Regenerate', other: '中文' },
  zh: { regenerate: '重新生成', other: 'English' },
};

export interface ButtonsFor {
  language: Language;
  /** Where the paper came from (source-ref.ts); without it there are no Regenerate / language buttons. */
  refToken?: string | null | undefined;
  /** The PDF's sha256; with `feedback` it adds 👍 / 👎. */
  sha256?: string | undefined;
  feedback?: boolean | undefined;
}

export function summaryButtons(b: ButtonsFor): Array<APIActionRowComponent<APIButtonComponent>> {
  const l = LABELS[b.language];
  const buttons: APIButtonComponent[] = [];
  const add = (id: string | null, label: string, emoji?: string) => {
    if (id) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id, ...(emoji ? { emoji: { name: emoji } } : { label }) });
  };
  if (b.refToken) {
    add(customId({ action: 'regenerate', language: b.language, refToken: b.refToken }), l.regenerate);
    add(customId({ action: 'language', language: b.language, refToken: b.refToken }), l.other);
  }
  if (b.feedback && b.sha256) {
    add(customId({ action: 'vote', vote: 'up', language: b.language, sha256: b.sha256 }), '', '👍');
    add(customId({ action: 'vote', vote: 'down', language: b.language, sha256: b.sha256 }), '', '👎');
  }
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}
