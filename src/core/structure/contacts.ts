/**
 * E-mail addresses, URLs and e-mail labels inside a front-matter line, which are dropped before names and
 * affiliations are read. The four shapes are those of one pattern,
 *   \{[^}]*\}\s*@\S+ | [\w.+-]+@[\w-]+(?:\.[\w-]+)+ | https?:\/\/\S+ | \b(?:e-?mail|email)\s*:?
 * applied left to right, but that pattern restarts its two open-ended shapes at every character: a line with a
 * long run of '{' or of "a.a.a." costs quadratic time. Here each shape is tried where the pattern would try it,
 * and the outcome of an open-ended shape is worked out once per run (every start inside a run ends alike).
 */

/** A "{a,b}@host" group, tried after its closing brace. */
const GROUP_TAIL = /\s*@\S+/uy;
/** The host part of an address, tried right after the run of local-part characters. */
const HOST = /@[\w-]+(?:\.[\w-]+)+/iuy;
const LOCAL_CHAR = /^[\w.+-]$/iu;
const URL = /https?:\/\/\S+/iuy;
const LABEL = /\b(?:e-?mail|email)\s*:?/iuy;

/** End of a sticky match of `re` at `at`, or -1. */
function endOf(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** `text` with every contact replaced by `by`: the same result as the pattern above with `replace(…, by)`. */
export function replaceContacts(text: string, by: string): string {
  let out = '';
  let copied = 0;
  // Memo of the open-ended shapes: the next '}' and where a group closed there ends (-1: no group), the end of the
  // current run of local-part characters and where an address over it ends (-1: none).
  let close = -1;
  let groupEnd = -1;
  let runEnd = -1;
  let addressEnd = -1;
  let i = 0;
  while (i < text.length) {
    let end = -1;
    const ch = text[i] ?? '';
    if (ch === '{') {
      if (close <= i) {
        const at = text.indexOf('}', i + 1);
        close = at < 0 ? text.length : at;
        groupEnd = at < 0 ? -1 : endOf(GROUP_TAIL, text, at + 1);
      }
      end = groupEnd;
    } else if (LOCAL_CHAR.test(ch)) {
      if (runEnd <= i) {
        runEnd = i + 1;
        while (runEnd < text.length && LOCAL_CHAR.test(text[runEnd] ?? '')) runEnd++;
        addressEnd = endOf(HOST, text, runEnd);
      }
      end = addressEnd;
    }
    // (Both start with a fixed letter: "h…", "e…", either case.)
    if (end < 0 && (ch === 'h' || ch === 'H')) end = endOf(URL, text, i);
    if (end < 0 && (ch === 'e' || ch === 'E')) end = endOf(LABEL, text, i);
    if (end > i) {
      out += text.slice(copied, i) + by;
      copied = i = end;
      continue;
    }
    // The pattern has the u flag: it never starts inside a surrogate pair.
    const high = text.charCodeAt(i);
    const low = text.charCodeAt(i + 1);
    i += high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
  }
  return out + text.slice(copied);
}
