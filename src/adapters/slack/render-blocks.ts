/**
 * A SummaryResult as a Slack message: Block Kit plus the contract's six-item text form as the plain-text fallback.
 * Pure. Every piece of model or paper text is escaped (escape.ts) and the message stays within Slack's limits; when
 * something had to be shortened, `truncated` is true and `fullMarkdown` holds the whole summary to attach as a file.
 */
import type { types } from '@slack/bolt';
import { renderText } from '../../core/reply/render-text.ts';
import type { Language, SummaryResult } from '../../core/types.ts';
import { POINT_KEYS, pointPages, SUMMARY_LABELS, summaryMarkdown, type SummaryLabels } from '../common/summary-markdown.ts';
import { escapeSlack, slackLink } from './escape.ts';
import { waterFill } from '../common/water-fill.ts';

export type Block = types.KnownBlock;

export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  /** Total characters of all block text; Slack answers msg_blocks_too_long near 13k. */
  totalBlockChars: 12_000,
  /** The top-level `text` (notifications, clients without blocks). */
  fallbackText: 3000,
} as const;

/** The words only Slack needs; the rest are the labels every platform shares (common/summary-markdown.ts). */
interface SlackLabels extends SummaryLabels {
  firstThread: string;
  regenerate: string;
  otherLanguage: string;
  shortened: string;
}

const LABELS: Record<Language, SlackLabels> = {
  en: {
    ...SUMMARY_LABELS.en,
    firstThread: 'first thread',
    regenerate: 'Regenerate',
    otherLanguage: '中文',
    shortened: 'shortened to fit Slack; the full summary is attached',
  },
  zh: {
    ...SUMMARY_LABELS.zh,
    firstThread: '最初的讨论串',
    regenerate: '重新生成',
    otherLanguage: 'English',
    shortened: '内容过长已截断，完整摘要见附件',
  },
};

/** Cuts already-escaped text to `max` characters with "…", never inside an entity or a surrogate pair. */
export function shorten(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = escaped.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]*$/i, '').replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}

/** Escapes, then fits into `max`. */
function fit(raw: string, max: number): string {
  return shorten(escapeSlack(raw), max);
}

function blockChars(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'header') n += b.text.text.length;
    if (b.type === 'section') n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((s, f) => s + f.text.length, 0);
    if (b.type === 'context') n += b.elements.reduce((s, e) => s + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
  }
  return n;
}

export interface RenderedMessage {
  text: string;
  blocks: Block[];
  /** True when any part was shortened; attach `fullMarkdown` then. */
  truncated: boolean;
  fullMarkdown: string;
}

export interface RenderOptions {
  /** Link to the thread where this paper was first summarized (shown with "summarized before"). */
  firstThreadUrl?: string | undefined;
  /** Adds the "Regenerate" and "中文 / English" buttons; `value` identifies the paper (see source-ref.ts). */
  buttonsValue?: string | undefined;
  /** Adds 👍 / 👎 feedback buttons carrying this value (see feedback.ts). */
  feedbackValue?: string | undefined;
}

export const ACTION_IDS = {
  regenerate: 'paperbot_regenerate',
  language: 'paperbot_language',
  feedbackUp: 'paperbot_feedback_up',
  feedbackDown: 'paperbot_feedback_down',
} as const;

export function renderBlocks(r: SummaryResult, opts: RenderOptions = {}): RenderedMessage {
  const l = LABELS[r.language];
  let truncated = false;
  const clip = (raw: string, max: number) => {
    const out = fit(raw, max);
    if (out.length < escapeSlack(raw).length) truncated = true;
    return out;
  };

  const title = r.title || r.titleOriginal || l.none;
  const head: Block[] = [{ type: 'header', text: { type: 'plain_text', text: clip(title, SLACK_LIMITS.header), emoji: false } }];
  if (r.titleOriginal && r.titleOriginal.trim().toLowerCase() !== title.trim().toLowerCase()) {
    head.push({ type: 'section', text: { type: 'mrkdwn', text: `_${clip(r.titleOriginal, SLACK_LIMITS.sectionText - 2)}_` } });
  }

  const linkParts = [
    `${l.paper}: ${r.links.paper ? slackLink(r.links.paper, r.links.paper) : l.none}`,
    `${l.code}: ${r.links.code ? slackLink(r.links.code, r.links.code) : l.none}`,
  ];
  const field = (label: string, raw: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${clip(raw, SLACK_LIMITS.field - label.length - 4)}` });
  const linksField = { type: 'mrkdwn' as const, text: `*${l.links}*\n${linkParts.join('\n')}` };
  if (linksField.text.length > SLACK_LIMITS.field) {
    // Unusually long URLs: fall back to plain escaped text.
    linksField.text = `*${l.links}*\n${clip(`${r.links.paper ?? l.none}\n${r.links.code ?? l.none}`, SLACK_LIMITS.field - l.links.length - 4)}`;
  }
  const fields: Block = {
    type: 'section',
    fields: [
      field(l.authors, r.authors.length ? r.authors.join(', ') : l.none),
      field(l.affiliation, r.affiliation ?? l.none),
      field(l.keywords, r.keywords.length ? r.keywords.join(', ') : l.none),
      linksField,
    ],
  };

  const contextParts = [l.engine(r), l.pages(r.source.pages)];
  if (r.cached) contextParts.push(l.cached);
  const firstThread = r.cached && opts.firstThreadUrl ? ` (${slackLink(opts.firstThreadUrl, l.firstThread)})` : '';
  const context = (extra: string[]): Block => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: fit([...contextParts, ...extra].join(' · '), SLACK_LIMITS.sectionText - firstThread.length) + firstThread }],
  });

  // The four points share what the other blocks leave of the total budget.
  const fixed = blockChars([...head, fields, context([l.shortened]), { type: 'divider' }]);
  const pointHeads = POINT_KEYS.map((k) => `*${l.points[k]}*${pointPages(r, k)}\n`);
  const pointTexts = POINT_KEYS.map((k) => escapeSlack(r.summary[k] || l.none));
  const budgets = waterFill(
    pointTexts.map((t, i) => Math.min(t.length, SLACK_LIMITS.sectionText - pointHeads[i]!.length)),
    SLACK_LIMITS.totalBlockChars - fixed - pointHeads.reduce((s, h) => s + h.length, 0),
  );
  const points: Block[] = POINT_KEYS.map((_, i) => {
    const body = shorten(pointTexts[i]!, Math.max(budgets[i]!, 1));
    if (body.length < pointTexts[i]!.length) truncated = true;
    return { type: 'section', text: { type: 'mrkdwn', text: pointHeads[i]! + body } };
  });

  const blocks: Block[] = [...head, fields, { type: 'divider' }, ...points, context(truncated ? [l.shortened] : [])];
  const buttons: types.Button[] = [];
  if (opts.buttonsValue && opts.buttonsValue.length <= 2000) {
    buttons.push(
      { type: 'button', action_id: ACTION_IDS.regenerate, text: { type: 'plain_text', text: l.regenerate }, value: opts.buttonsValue },
      { type: 'button', action_id: ACTION_IDS.language, text: { type: 'plain_text', text: l.otherLanguage }, value: opts.buttonsValue },
    );
  }
  if (opts.feedbackValue && opts.feedbackValue.length <= 2000) {
    buttons.push(
      { type: 'button', action_id: ACTION_IDS.feedbackUp, text: { type: 'plain_text', text: '👍', emoji: true }, value: opts.feedbackValue },
      { type: 'button', action_id: ACTION_IDS.feedbackDown, text: { type: 'plain_text', text: '👎', emoji: true }, value: opts.feedbackValue },
    );
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'paperbot_actions', elements: buttons });
  const text = shorten(escapeSlack(renderText(r)), SLACK_LIMITS.fallbackText);
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks), truncated, fullMarkdown: summaryMarkdown(r) };
}
