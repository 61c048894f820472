/**
 * A SummaryResult as a Slack message: Block Kit plus the contract's six-item text form as the plain-text fallback.
 * Pure. Every piece of model or paper text is escaped (escape.ts) and the message stays within Slack's limits; when
 * something had to be shortened, `truncated` is true and `fullMarkdown` holds the whole summary to attach as a file.
 */
import type { types } from '@slack/bolt';
import { renderText, titleLine } from '../../core/render-text.ts';
import type { Language, SummaryPoints, SummaryResult } from '../../core/types.ts';
import { escapeSlack, slackLink } from './escape.ts';

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

interface Labels {
  authors: string;
  affiliation: string;
  keywords: string;
  links: string;
  paper: string;
  code: string;
  none: string;
  points: Record<keyof SummaryPoints, string>;
  engine: (r: SummaryResult) => string;
  cached: string;
  firstThread: string;
  regenerate: string;
  otherLanguage: string;
  shortened: string;
  pages: (n: number) => string;
}

const LABELS: Record<Language, Labels> = {
  en: {
    authors: 'Authors',
    affiliation: 'Affiliation',
    keywords: 'Keywords',
    links: 'Links',
    paper: 'Paper',
    code: 'Code',
    none: 'None',
    points: { background: '(1) Background', priorWork: '(2) Prior work and motivation', method: '(3) Method', results: '(4) Results' },
    engine: (r) => (r.engine === 'extractive' ? 'extractive summary (sentences from the paper, no language model)' : `summarized with ${r.model ?? 'a language model'}`),
    cached: 'summarized before',
    firstThread: 'first thread',
    regenerate: 'Regenerate',
    otherLanguage: '中文',
    shortened: 'shortened to fit Slack; the full summary is attached',
    pages: (n) => `${n} pages`,
  },
  zh: {
    authors: '作者',
    affiliation: '第一作者单位',
    keywords: '关键词',
    links: '链接',
    paper: '论文',
    code: '代码',
    none: 'None',
    points: { background: '(1) 研究背景', priorWork: '(2) 过去的方法与动机', method: '(3) 本文方法', results: '(4) 实验与结果' },
    engine: (r) => (r.engine === 'extractive' ? '抽取式摘要（extractive，句子摘自论文原文，未使用语言模型）' : `由 ${r.model ?? '语言模型'} 生成`),
    cached: '之前已总结过（summarized before）',
    firstThread: '最初的讨论串',
    regenerate: '重新生成',
    otherLanguage: 'English',
    shortened: '内容过长已截断，完整摘要见附件',
    pages: (n) => `${n} 页`,
  },
};

const POINT_KEYS: Array<keyof SummaryPoints> = ['background', 'priorWork', 'method', 'results'];

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

/** Splits `total` characters between wants: small wants are met in full, the rest share what is left equally. */
function waterFill(wants: number[], total: number): number[] {
  const give = wants.map(() => 0);
  let left = Math.max(0, total);
  let open = wants.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const small = open.filter((i) => wants[i]! <= share);
    if (small.length === 0) {
      for (const i of open) give[i] = share;
      break;
    }
    for (const i of small) {
      give[i] = wants[i]!;
      left -= wants[i]!;
    }
    open = open.filter((i) => wants[i]! > share);
  }
  return give;
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

/** The whole summary as Markdown, for the attached `summary.md`. */
export function summaryMarkdown(r: SummaryResult): string {
  const l = LABELS[r.language];
  const lines = [
    `# ${titleLine(r)}`,
    '',
    `- **${l.authors}:** ${r.authors.length ? r.authors.join(', ') : l.none}`,
    `- **${l.affiliation}:** ${r.affiliation ?? l.none}`,
    `- **${l.keywords}:** ${r.keywords.length ? r.keywords.join(', ') : l.none}`,
    `- **${l.links}:** ${r.links.paper ?? l.none}, Github: ${r.links.code ?? l.none}`,
    '',
  ];
  for (const k of POINT_KEYS) lines.push(`## ${l.points[k]}`, '', r.summary[k] || l.none, '');
  lines.push(`_${l.engine(r)}${r.cached ? ` · ${l.cached}` : ''}_`);
  return lines.join('\n') + '\n';
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
  const pointHeads = POINT_KEYS.map((k) => `*${l.points[k]}*\n`);
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
