/**
 * Affiliations printed as blocks of several lines, one block per author column ("Machine Listening Lab," /
 * "Centre for Digital Music," / "Queen Mary University of" / "London."). Rows of a grid interleave the
 * columns, so a line is joined to the block right above it in its own column, not to the previous line.
 */
import { parseAffiliations, type AffiliationEntry } from './affiliation.ts';
import { continuesBlock, sameRow, type FrontLine } from './front-lines.ts';
import { isInstitution } from './names.ts';

/**
 * Cells of grid rows that hold an institution: a row of side-by-side blocks holds one kind of line (the names'
 * row, then the affiliations' rows), so its other cells are affiliation lines too even when they read like names.
 */
export function affiliationRows(lines: readonly FrontLine[]): Set<FrontLine> {
  const out = new Set<FrontLine>();
  for (let i = 0; i < lines.length; ) {
    const head = lines[i]!;
    let j = i + 1;
    while (j < lines.length && sameRow(head, lines[j]!)) j++;
    const row = lines.slice(i, j);
    if (row.length >= 2 && row.some((l) => isInstitution(l.text))) for (const l of row) out.add(l);
    i = j;
  }
  return out;
}

/** A line that ends inside a phrase ("Queen Mary University of", "Science and", "Centre,") goes on below. */
const OPEN_END = /(?:[,&/-]|\b(?:and|of|for|the|de|des|du|di|der|und|et|y|e|für))\s*$/iu;
/** A line opened by a mark starts an entry of its own ("¹ Dept. …", "2 University …"). */
const opensWithMark = (line: FrontLine) => !!line.parts[0]?.sup || /^(?:\d{1,2}|[a-z])(?:\s*[.．、)])?\s+\p{Lu}/u.test(line.text.trim());

interface Block {
  line: FrontLine;
  entry: AffiliationEntry;
}

export class AffiliationBlocks {
  readonly entries: AffiliationEntry[] = [];
  /** Every line seen with a position, to know what sits right above a new line. */
  private readonly seen: Array<{ line: FrontLine; block: Block | null }> = [];
  /** Text lines have no position: only the line just before can be continued. */
  private previous: Block | null = null;

  constructor(private readonly gridRows: ReadonlySet<FrontLine>) {}

  /** The block whose last line is right above `line` in its column (or the previous text line's block). */
  private above(line: FrontLine): Block | null {
    if (!line.box) return this.previous;
    for (let k = this.seen.length - 1; k >= 0; k--) {
      const s = this.seen[k]!;
      if (s.line.box && continuesBlock(s.line, line)) return s.block;
    }
    return null;
  }

  /** Records a line that is not an affiliation (an author, an e-mail line…): nothing below continues through it. */
  other(line: FrontLine): void {
    if (line.box) this.seen.push({ line, block: null });
    this.previous = null;
  }

  /** Adds an affiliation line as new entries (its last entry may go on below). */
  add(line: FrontLine, entries: readonly AffiliationEntry[] = parseAffiliations(line)): void {
    this.entries.push(...entries);
    const last = entries[entries.length - 1];
    const block = last ? { line, entry: last } : null;
    if (line.box) this.seen.push({ line, block });
    this.previous = block;
  }

  /**
   * Joins `line` to the block above it when it continues that block: the block's line ends inside a phrase,
   * this one starts in lower case, sits in an affiliation grid row, is a short unnamed line ("China") below a
   * positioned block, or is an institution/"City, Country" line under an unmarked one. True when joined.
   */
  tryContinue(line: FrontLine, kind: { named: boolean; institution: boolean }): boolean {
    const block = this.above(line);
    if (!block || opensWithMark(line)) return false;
    const prev = block.line.text.trim();
    const t = line.text.trim();
    const open = OPEN_END.test(prev) || /^\p{Ll}/u.test(t);
    const unmarked = block.entry.marks.length === 0 && !block.line.parts.some((p) => p.sup);
    const goesOn =
      open ||
      this.gridRows.has(line) ||
      (!!line.box && t.length <= 40 && !kind.named) ||
      (unmarked && kind.institution) ||
      (unmarked && !kind.named && t.length <= 60 && /,/u.test(t));
    if (!goesOn) return false;
    const [head, ...rest] = parseAffiliations(line);
    if (!head || head.marks.length > 0) return false;
    const glue = /,\s*$/u.test(prev) || !open ? ', ' : ' ';
    block.entry.text = `${block.entry.text}${glue}${head.text}`;
    this.entries.push(...rest);
    const next = { line, entry: rest[rest.length - 1] ?? block.entry };
    if (line.box) this.seen.push({ line, block: next });
    this.previous = next;
    return true;
  }
}
