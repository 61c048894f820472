/**
 * The canonical links of a paper's identifiers: https://arxiv.org/abs/<id> and https://doi.org/<doi>. A link of this
 * shape leads to arXiv or the DOI resolver whatever else the paper prints, which is why a chat title may link to it
 * (see verify-summary.ts: a claimed arXiv or DOI link is kept only when it names the id the paper itself carries).
 */

export const arxivAbsUrl = (id: string): string => `https://arxiv.org/abs/${id}`;
export const doiUrl = (doi: string): string => `https://doi.org/${doi}`;

const ARXIV_ABS = /^https:\/\/arxiv\.org\/abs\/(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
const DOI_LINK = /^https:\/\/doi\.org\/10\.\d{4,9}\/\S+$/i;

/** True for a canonical arXiv abstract or DOI link (nothing else: no other host, no look-alike path). */
export function isIdentifierLink(url: string): boolean {
  return ARXIV_ABS.test(url) || DOI_LINK.test(url);
}
