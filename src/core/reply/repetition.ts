/**
 * Run-away generation: a model that starts repeating itself and never recovers, until max_tokens stops it.
 * Only a loop that lasts to the end of the reply counts; a loop the model got out of is the parser's business
 * (it trims the looping value and keeps the rest).
 */

/** Sentences (or lines) shorter than this say too little to call a repeat a loop ("None.", "(1):"). */
const MIN_UNIT_CHARS = 8;
/** A loop must repeat at least this often… */
const MIN_REPEATS = 5;
/** …and repeats must make up this share of the reply's tail from the loop's start. */
const MIN_REPEAT_SHARE = 0.8;
/** Loops without any sentence end ("the the the …", CJK filler): the reply ends periodic, with a period this long… */
const MIN_PERIOD = 4;
const MAX_PERIOD = 200;
/** …for at least this many sayings. */
const MIN_PERIODS = 5;

interface Unit {
  start: number;
  key: string;
}

function units(text: string): Unit[] {
  const out: Unit[] = [];
  for (const m of text.matchAll(/[^\n.!?。！？；;]+[.!?。！？；;]*/g)) {
    // Compare what is said, not the list marker or spacing around it.
    const key = m[0].toLowerCase().replace(/^[\s\-*•]*(?:[(（]?\d{1,2}[)）.]?\s*[:：]?)?/, '').replace(/\s+/g, ' ').trim();
    if (key.length >= MIN_UNIT_CHARS) out.push({ start: m.index, key });
  }
  return out;
}

/** Where repeated sentences take over the rest of the reply; -1 when they never do. */
function sentenceLoopStart(text: string): number {
  const list = units(text);
  const seen = new Map<string, number>();
  const repeat = list.map((u) => {
    const n = (seen.get(u.key) ?? 0) + 1;
    seen.set(u.key, n);
    return n > 1;
  });
  // The longest tail in which repeats dominate.
  let best = -1;
  let repeats = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    if (repeat[i]) repeats++;
    const total = list.length - i;
    if (repeats >= MIN_REPEATS && repeats / total >= MIN_REPEAT_SHARE) best = i;
  }
  if (best < 0) return -1;
  // Keep the first saying of each looping sentence: cut at the first repeat inside that tail.
  for (let i = best; i < list.length; i++) if (repeat[i]) return list[i]!.start;
  return -1;
}

const LETTER = /\p{L}/u;

/** Where the last letter before `end` starts, looking back at most `max` code units; -1 if none. */
function lastLetterStart(text: string, end: number, max: number): number {
  for (let i = end - 1; i >= 0 && i >= end - max; i--) {
    // At a pair's low half this reads the lone half (no letter); the pair is read whole one step back.
    const cp = text.codePointAt(i)!;
    if (LETTER.test(String.fromCodePoint(cp))) return i;
  }
  return -1;
}

/** Where the reply's periodic tail begins, one saying kept (a cut-off last saying is part of the period); -1 if none. */
function phraseLoopStart(text: string): number {
  const n = text.trimEnd().length; // a closing newline is no break in the loop
  // A rule line of dashes or a table border is markup, not a loop: the last period must hold a letter, so periods
  // shorter than the distance back to the last letter are skipped before any comparing. (Checked after it, a long
  // letterless tail was compared in full once per period, ~200 times.) A period tried now either is the answer or
  // stops within its first MIN_PERIODS sayings.
  const letterAt = lastLetterStart(text, n, MAX_PERIOD);
  if (letterAt < 0) return -1;
  for (let p = Math.max(MIN_PERIOD, n - letterAt); p <= MAX_PERIOD && p * MIN_PERIODS <= n; p++) {
    // How far back from the end each character equals the one a period earlier.
    let run = 0;
    while (run < n - p && text[n - 1 - run] === text[n - 1 - run - p]) run++;
    if (run >= p * (MIN_PERIODS - 1)) return n - run;
  }
  return -1;
}

/** Index at which run-away repetition starts (text before it, including one saying of the loop, is kept); -1 if none. */
export function runawayTailStart(text: string): number {
  const found = [sentenceLoopStart(text), phraseLoopStart(text)].filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}
