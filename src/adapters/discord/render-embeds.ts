/**
 * A SummaryResult as Discord embeds, within every limit (limits.ts): title 256, description 4,096, field values
 * 1,024, 25 fields per embed, 10 embeds, and 6,000 characters over all embeds of the message (Discord counts the
 * message, which is stricter than per embed). Long points continue in further fields and, past 25 fields, in further
 * embeds; what still does not fit is shortened with "…", `truncated` is set and `markdown` holds the whole summary
 * for a `summary.md` attachment. Model and paper text is neutralized (no pings, no masked links). Pure.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { POINT_KEYS, pointPages, SUMMARY_LABELS, summaryMarkdown } from '../common/summary-markdown.ts';
import { isIdentifierLink } from '../../core/pipeline/identifier-links.ts';
import type { Language, SummaryResult } from '../../core/types.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { clip, neutralize } from './neutralize.ts';
import { waterFill } from '../common/water-fill.ts';

export interface RenderedEmbeds {
  embeds: APIEmbed[];
  truncated: boolean;
  /** The whole summary, to attach as summary.md when `truncated`. */
  markdown: string;
}

const SHORTENED: Record<Language, string> = {
  en: 'shortened to fit Discord; the full summary is attached as summary.md',
  zh: '内容过长已截断，完整摘要见附件 summary.md',
};

/** Caps for the header parts, so that the four points always keep most of the 6,000 characters. */
const CAPS = { description: 512, authors: 600, affiliation: 300, keywords: 400, links: 600 } as const;
const CONTINUED = '\u200B';
const COLOR = 0x5865f2;

/** Characters Discord counts towards the 6,000 of a message. */
export function embedChars(embeds: APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

/** Splits text into pieces of at most `max`, preferring a break at a space or after a sentence end. */
export function chunkText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = Math.max(rest.lastIndexOf(' ', max), rest.lastIndexOf('。', max - 1) + 1, rest.lastIndexOf('\n', max));
    if (cut < max * 0.6) cut = max;
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out.filter((p, i) => p.length > 0 || i === 0);
}

export function renderEmbeds(r: SummaryResult): RenderedEmbeds {
  const l = SUMMARY_LABELS[r.language];
  let truncated = false;
  const fit = (raw: string, max: number) => {
    const safe = neutralize(raw);
    if (safe.length > max) truncated = true;
    return clip(safe, max);
  };

  const title = fit(r.title || r.titleOriginal || l.none, L.embedTitle);
  const original = r.titleOriginal && r.titleOriginal.trim().toLowerCase() !== (r.title || '').trim().toLowerCase() ? `*${fit(r.titleOriginal, CAPS.description - 2)}*` : undefined;
  // The title links only to an identifier (arXiv, DOI; the request's own is one of those): a link that merely occurs
  // somewhere in an uploaded PDF stays plain text in the Links field, never a clickable title.
  const url = r.links.paper && isIdentifierLink(r.links.paper) && r.links.paper.length <= L.url ? r.links.paper : undefined;
  const meta: APIEmbedField[] = [
    { name: l.authors, value: fit(r.authors.length ? r.authors.join(', ') : l.none, CAPS.authors), inline: true },
    { name: l.affiliation, value: fit(r.affiliation ?? l.none, CAPS.affiliation), inline: true },
    { name: l.keywords, value: fit(r.keywords.length ? r.keywords.join(', ') : l.none, CAPS.keywords), inline: false },
    { name: l.links, value: fit(`${l.paper}: ${r.links.paper ?? l.none}\nGithub: ${r.links.code ?? l.none}`, CAPS.links), inline: false },
  ];
  const footerParts = [l.engine(r), l.pages(r.source.pages), ...(r.cached ? [l.cached] : [])];
  const footer = (shortened: boolean) => clip([...footerParts, ...(shortened ? [SHORTENED[r.language]] : [])].join(' · '), L.footerText);

  // Everything but the points, counted with the "shortened" note so that adding it later cannot break the total.
  const fixed = embedChars([{ title, ...(original ? { description: original } : {}), fields: meta, footer: { text: footer(true) } }]);
  const heads = POINT_KEYS.map((k) => `${l.points[k]}${pointPages(r, k)}`);
  const texts = POINT_KEYS.map((k) => neutralize(r.summary[k] || l.none));
  // Each extra field of a long point costs its one-character name; reserve for the most a point can need.
  const reserve = POINT_KEYS.length * Math.ceil(L.embedTotal / L.fieldValue);
  const budgets = waterFill(
    texts.map((t) => t.length),
    L.embedTotal - fixed - heads.reduce((s, h) => s + h.length, 0) - reserve,
  );

  const pointFields: APIEmbedField[] = [];
  texts.forEach((text, i) => {
    const body = clip(text, Math.max(budgets[i]!, 1));
    if (body.length < text.length) truncated = true;
    chunkText(body, L.fieldValue).forEach((piece, j) => pointFields.push({ name: j === 0 ? heads[i]! : CONTINUED, value: piece || l.none }));
  });

  // Pack: the first embed carries the header; fields spill into further embeds 25 at a time; the footer goes last.
  const fields = [...meta, ...pointFields];
  const embeds: APIEmbed[] = [];
  for (let i = 0; i < fields.length && embeds.length < L.embeds; i += L.fields) {
    embeds.push({ color: COLOR, fields: fields.slice(i, i + L.fields) });
  }
  if (fields.length > L.fields * L.embeds) truncated = true;
  Object.assign(embeds[0]!, { title, ...(url ? { url } : {}), ...(original ? { description: original } : {}) });
  embeds.at(-1)!.footer = { text: footer(truncated) };
  return { embeds, truncated, markdown: summaryMarkdown(r) };
}
