/**
 * Splits a normalized reply into its six items by their labels (English or Chinese, numbered or not).
 * Items 7/8 (Methods, Conclusion: other ChatPaper prompts) and chatty closings are cut off, so their
 * "(1)…(4)" points can never be read as the summary's.
 */

export type ItemKey = 'title' | 'authors' | 'affiliation' | 'keywords' | 'links' | 'summary';
export const ITEM_KEYS: readonly ItemKey[] = ['title', 'authors', 'affiliation', 'keywords', 'links', 'summary'];

const LABELS: Record<ItemKey, string> = {
  title: String.raw`title|paper title|标题|论文标题|题目`,
  authors: String.raw`authors?|author list|作者|作者列表|作者名单|全部作者`,
  affiliation: String.raw`affiliations?|first author'?s? affiliation|第一作者(?:的)?(?:单位|所属机构|机构|归属)|作者(?:单位|归属|机构|所属机构)|所属机构(?:翻译)?|单位|机构`,
  keywords: String.raw`key\s?words?|关键词|关键字`,
  links: String.raw`urls?|links?|链接|论文链接|相关链接`,
  summary: String.raw`summary|summari[sz]ation|摘要|总结|概述|论文总结`,
};
const STOP_LABELS = String.raw`methods?|methodology|conclusions?|方法|方法论|方法论概述|结论|结论部分`;

// Optional bullet, optional "N." / "N、" / "N)" / "一、", then the label; an optional "(English)" gloss; then a colon or the line end.
const LEAD = String.raw`^(?:[-*+•]\s*)?(?:(\d{1,2}|[一二三四五六七八])\s*[.．、)）]\s*)?`;
// The gloss takes the spaces after it, and the answer starts at a non-space: no two `\s*` compete for one run.
const TAIL = String.raw`\s*(?:[(（][^)）\n]{0,40}[)）]\s*)?(?:[:：]\s*(\S[\s\S]*|)|$)`;
const ITEM_RES = ITEM_KEYS.map((key) => {
  // "6. 摘要 (3) …" (a repair answer) has a point marker right after the label.
  const extra = key === 'summary' ? String.raw`|\s+([(（]\s*\d\s*[)）][\s\S]*)` : '';
  return { key, re: new RegExp(`${LEAD}(?:${LABELS[key]})(?:${TAIL}${extra})`, 'i') };
});
const STOP_RE = new RegExp(`${LEAD}(?:${STOP_LABELS})(?:部分|概述)?\\s*(?:[:：]\\s*)?$`, 'i');
const NUMBERED = /^(?:[-*+•]\s*)?(\d{1,2})\s*[.．、]/;
export const POINT_MARKER = /^(?:[-*+•]\s*)?[(（]\s*[1-9]\s*[)）]/;

/** Chatty closings ("I hope this helps", "希望这个总结符合您的要求") end the item they follow. */
const CLOSING =
  /^(?:希望(?:这个|以上|此|本|这些|我的)|如(?:有|果有|需|果您)|以上(?:就)?是|注[:：]|备注[:：]|I hope|Hope (?:this|that)|Let me know|Please let me know|Feel free|If you (?:have|need))/i;

export interface ReplySections {
  /** Lines before the first item: a chatty preamble, or the whole reply when it is a refusal. */
  preamble: string[];
  /** Body lines per item; the first line is what followed the label on the header line. */
  items: Partial<Record<ItemKey, string[]>>;
}

type State = { kind: 'pre' } | { kind: 'item'; key: ItemKey } | { kind: 'skip' };

interface Header {
  key: ItemKey;
  numbered: boolean;
  rest: string;
}

function matchItem(line: string): Header | null {
  for (const { key, re } of ITEM_RES) {
    const m = re.exec(line);
    if (m) return { key, numbered: m[1] !== undefined, rest: (m[2] ?? m[3] ?? '').trim() };
  }
  return null;
}

export function splitSections(text: string): ReplySections {
  const preamble: string[] = [];
  const items: Partial<Record<ItemKey, string[]>> = {};
  let state: State = { kind: 'pre' };
  let lastNum = 0;
  let blankBefore = true;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      blankBefore = true;
      if (state.kind === 'item') items[state.key]?.push('');
      continue;
    }
    const num = Number(NUMBERED.exec(line)?.[1] ?? 0);
    const inBody = state.kind === 'item' && state.key === 'summary';
    const header = matchItem(line);
    if (num >= 7 && num <= 20) {
      state = { kind: 'skip' }; // items 7/8 and beyond: other prompts' answers
    } else if (header && (header.numbered || (state.kind !== 'skip' && !inBody && !items[header.key]))) {
      // An item given twice keeps its first answer.
      if (items[header.key]) state = { kind: 'skip' };
      else {
        items[header.key] = [header.rest];
        state = { kind: 'item', key: header.key };
        lastNum = ITEM_KEYS.indexOf(header.key) + 1;
      }
    } else if (STOP_RE.test(line)) {
      state = { kind: 'skip' };
    } else if (num >= 1 && num === lastNum + 1 && state.kind === 'item' && !inBody && !items[ITEM_KEYS[num - 1] ?? 'title']) {
      // A numbered item whose label we do not know: trust its position.
      const key = ITEM_KEYS[num - 1] ?? 'title';
      items[key] = [line.replace(NUMBERED, '').trim()];
      state = { kind: 'item', key };
      lastNum = num;
    } else if (blankBefore && state.kind !== 'pre' && CLOSING.test(line)) {
      state = { kind: 'skip' };
    } else if (state.kind === 'item') {
      items[state.key]?.push(raw);
    } else if (state.kind === 'pre') {
      preamble.push(raw);
    }
    blankBefore = false;
  }
  moveStrayPoints(preamble, items);
  return { preamble, items };
}

/**
 * Points "(1): …" outside an item 6 (a repair answer giving only "(3): …", or a reply without the
 * "6. Summary:" line) become item 6.
 */
function moveStrayPoints(preamble: string[], items: Partial<Record<ItemKey, string[]>>): void {
  if (items.summary) return;
  for (const lines of [preamble, ...ITEM_KEYS.map((k) => items[k])]) {
    if (!lines) continue;
    const at = lines.findIndex((l) => POINT_MARKER.test(l.trim()));
    if (at >= 0) {
      items.summary = lines.splice(at);
      return;
    }
  }
}
