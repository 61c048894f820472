/**
 * Search terms for English and Chinese: lower-cased Latin words (a light suffix strip so "datasets" finds "dataset"),
 * numbers, and CJK bigrams (Chinese has no spaces; bigrams are the usual cheap stand-in for words).
 */
const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have how if in into is it its of on or our so such than that the their them then there these they this those to use used using was we were what when where which while who why will with would you your paper authors author study work'.split(' '),
);
const CJK_STOP = new Set(['什么', '哪些', '怎么', '如何', '是否', '这篇', '论文', '文章', '作者', '一个', '我们', '他们', '可以', '没有', '哪个', '为什么']);

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

export function terms(text: string): string[] {
  const out: string[] = [];
  const lower = text.normalize('NFKC').toLowerCase();
  for (const m of lower.matchAll(/[a-z][a-z0-9-]*[a-z0-9]|[0-9]+(?:\.[0-9]+)?|[\u3400-\u9fff]+/g)) {
    const w = m[0];
    if (/^[\u3400-\u9fff]/.test(w)) {
      if (w.length === 1) continue;
      for (let i = 0; i + 1 < w.length; i++) {
        const bigram = w.slice(i, i + 2);
        if (!CJK_STOP.has(bigram)) out.push(bigram);
      }
      continue;
    }
    for (const part of w.split('-')) {
      if (part.length < 2 || STOP.has(part)) continue;
      out.push(stem(part));
    }
  }
  return out;
}
