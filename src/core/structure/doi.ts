/**
 * This paper's DOI as printed on page 1 (or in a "Cite this article" box, or the Info dict). DOIs of
 * the reference list are other papers' and are never taken. (The arXiv id comes from the margin
 * stamp, read during clean-up.)
 */
import type { PdfInfo } from '../types.ts';
import { infoDoi } from './pdf-info.ts';
import { trimEndWhere } from './text-utils.ts';

const DOI_LABEL = /(?:\bdoi\s*(?:[:：]\s*)?|https?:\/\/(?:dx\.)?doi\.org\/\s*|Digital Object Identifier\s*(?::\s*)?)(10\s*\.\s*\d[\d\s]{3,12}\/.*|10\.\S+)/iu;
const DOI_STRICT = /^10\.\d{4,9}\/[^\s"'<>]+/u;

/** DOI from the text after a label; print sometimes spaces it out ("10. 13863 / j. issn1001-4454"). */
function readDoi(after: string): string | null {
  const raw = DOI_STRICT.exec(after)?.[0] ?? DOI_STRICT.exec(after.replace(/\s+/gu, ''))?.[0];
  return raw ? trimEndWhere(raw, /[.,;:)\]}>]/u) : null;
}

function labelledDoi(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = DOI_LABEL.exec(line);
    if (!m?.[1]) continue;
    // The label's tail up to the first prose word ("10.1/x. Received …" → "10.1/x.").
    const prose = /\s(?=\p{L}{3,}\s)/u.exec(m[1]);
    const doi = readDoi(prose ? m[1].slice(0, prose.index).trimEnd() : m[1]);
    if (doi) return doi;
  }
  return null;
}

/** DOI of the paper: page 1 label, then the Info dict, then a citation box anywhere. */
export function findDoi(pages: readonly string[], info: PdfInfo): string | null {
  const first = (pages[0] ?? '').split('\n');
  const onFirst = labelledDoi(first);
  if (onFirst) return onFirst;
  const meta = infoDoi(info);
  if (meta) return meta;
  for (const page of pages) {
    const lines = page.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/\b(?:cite this (?:article|paper)|to cite this|please cite)/iu.test(lines[i] ?? '')) continue;
      const near = lines.slice(Math.max(0, i - 3), i + 4);
      const doi = labelledDoi(near);
      if (doi) return doi;
    }
  }
  return null;
}
