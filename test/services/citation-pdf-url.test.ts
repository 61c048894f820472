/**
 * The citation_pdf_url scan reads a landing page the way the HTML tokenizer does (its speed on adversarial pages is
 * test/hardening/linear-time.test.ts; attribute order, case and entities are in guarded-fetch.test.ts): what a
 * browser would not take for a `<meta>` tag never names the PDF.
 */
import { describe, expect, it } from 'vitest';
import { findCitationPdfUrl } from '../../src/services/citation-pdf-url.ts';

const meta = (content: string) => `<meta name="citation_pdf_url" content="${content}">`;

describe('findCitationPdfUrl reads tags as the HTML tokenizer does', () => {
  it('a `>` inside a quoted value does not end the tag', () => {
    expect(findCitationPdfUrl('<meta content="/a.pdf?x=>1" name="citation_pdf_url">')).toBe('/a.pdf?x=>1');
    expect(findCitationPdfUrl(`<meta name="description" content="a > b">${meta('/b.pdf')}`)).toBe('/b.pdf');
  });

  it('the first of two same-named attributes counts', () => {
    expect(findCitationPdfUrl('<meta name="citation_pdf_url" content="/first.pdf" content="/second.pdf">')).toBe('/first.pdf');
  });

  it('no tag in a comment, in script or style text, in the title, in another tag\'s value or name, or cut off', () => {
    expect(findCitationPdfUrl(`<!-- ${meta('/commented.pdf')} -->`)).toBeNull();
    expect(findCitationPdfUrl(`<script>const s = '${meta('/script.pdf')}';</script>`)).toBeNull();
    expect(findCitationPdfUrl(`<STYLE>/* ${meta('/style.pdf')} */</STYLE>`)).toBeNull();
    expect(findCitationPdfUrl(`<title>${meta('/title.pdf')}</title>`)).toBeNull();
    expect(findCitationPdfUrl(`<a title='${meta('/value.pdf')}'>x</a>`)).toBeNull();
    expect(findCitationPdfUrl('<meta-data name="citation_pdf_url" content="/other-tag.pdf">')).toBeNull();
    expect(findCitationPdfUrl('<meta<meta name="citation_pdf_url" content="/long-name.pdf">')).toBeNull();
    expect(findCitationPdfUrl('<meta name="citation_pdf_url" content="/cut.pdf"')).toBeNull(); // cut off by the end
    // After each of them, a real tag still counts.
    expect(findCitationPdfUrl(`<!-- x --><script>if (a < b) {}</script><!-->${meta('/real.pdf')}`)).toBe('/real.pdf');
  });

  it('a character reference that names no character stays as written instead of throwing', () => {
    expect(findCitationPdfUrl(meta('/a&#x110000;.pdf'))).toBe('/a&#x110000;.pdf');
    expect(findCitationPdfUrl(meta('/a&#99999999;.pdf'))).toBe('/a&#99999999;.pdf');
    expect(findCitationPdfUrl(meta('/a&#x41;&#66;&amp;.pdf'))).toBe('/aAB&.pdf');
  });
});
