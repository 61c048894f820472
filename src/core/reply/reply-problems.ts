/**
 * Whole-reply and per-value failure modes seen in real model output:
 * refusals instead of an answer, unfilled "xxx" templates, and run-away generation.
 */

const PUNCT = /[\s，。；、！？,.;!?：:（）()[\]「」“”"'《》…—\-_/]/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Longest clause seen in normal replies is ~60 CJK characters; filler runs on for hundreds. */
const RUN_ON_CHARS = 150;

/** Where run-away text starts, or -1. Two shapes: a phrase looping verbatim, or an endless CJK run-on sentence. */
export function runawayStart(text: string): number {
  // A phrase of 8+ characters repeated three or more times in a row.
  let loopAt = -1;
  for (const m of text.matchAll(/([\s\S]{8,200}?)\1{2,}/g)) {
    // A rule line of dashes is markup, not a loop.
    if (/\p{L}/u.test(m[1] ?? '')) {
      loopAt = m.index + (m[1]?.length ?? 0);
      break;
    }
  }
  // Normal Chinese prose has a comma every few dozen characters; degenerate filler runs on for hundreds.
  let runAt = -1;
  let start = 0;
  let cjk = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === undefined || PUNCT.test(ch)) {
      const len = i - start;
      if (len >= RUN_ON_CHARS && cjk / len >= 0.7) {
        runAt = start;
        break;
      }
      start = i + 1;
      cjk = 0;
    } else if (CJK.test(ch)) {
      cjk++;
    }
  }
  const found = [loopAt, runAt].filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}

/** Cuts a value before its run-away part, back to the last sentence end. */
export function cutRunaway(text: string): { text: string; cut: boolean } {
  const at = runawayStart(text);
  if (at < 0) return { text, cut: false };
  const head = text.slice(0, at);
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('. '), head.lastIndexOf('；'), head.lastIndexOf('\n'));
  return { text: (end > 0 ? head.slice(0, end + 1) : head).trim(), cut: true };
}

/** "xxx" slots of a prompt template (not inside a word such as "xxxl"). */
const XXX = /(?<![a-z])x{3,}(?![a-z])/gi;

export function countXxx(text: string): number {
  return (text.match(XXX) ?? []).length;
}

/**
 * A value that is no answer at all: template slots, format brackets echoed back,
 * or "to be added" notes. Saying "None" is an answer and is not matched here.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (countXxx(v) > 0) return true;
  if (/^[<＜[【][^>＞\]】]*[>＞\]】]$/.test(v)) return true;
  if (/^(?:\.{3}|…+|-+|\?+|TBD|TBA|to be (?:added|filled|completed)|待补充|待填写|待定|略)[.。]?$/i.test(v)) return true;
  // The instruction or the output format echoed back instead of being answered.
  return /^(?:标出|列出|按照以下|Mark the|List all|Summarize according)|<(?:title|author|keyword|研究背景|中文标题|作者1|keyword1)/i.test(v);
}

/** "No such thing" in the many ways models say it. */
export const NONE_WORD =
  /(?:^|[^a-z])(?:none|n\/a|null|not (?:available|provided|given|found|mentioned|stated)|unavailable)(?:$|[^a-z])|无|暂无|没有|不可用|未提供|未给出|未提及|未找到|未公开/i;

const REFUSAL =
  /please refer to|i(?:'m| am) (?:sorry|unable)|i can(?:not|'t)|as an ai|unable to (?:access|read|open)|抱歉|对不起|无法(?:访问|读取|打开|提供|回答)|请参考相关/i;

/** Text that declines to answer (used only when no item was found). */
export function looksLikeRefusal(text: string): boolean {
  return REFUSAL.test(text);
}
