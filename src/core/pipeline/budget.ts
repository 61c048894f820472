/**
 * Chooses what of the paper goes into the one model request. Unlike reading the first pages, it gives every part
 * of the paper a share: the abstract first, then method and results most, introduction, related work and conclusion
 * less. Shares a section does not need flow to the sections that need more (water-filling).
 */
import type { Tokenizer } from '../ports.ts';
import { sectionRole, type SectionRole } from './section-roles.ts';
import { takeTokens } from './text-units.ts';
import type { PaperStructure } from '../types.ts';

export interface BudgetPart {
  label: string;
  page: number | null;
  tokens: number;
  /** Tokens the part has in full; more than `tokens` when it was cut. */
  fullTokens: number;
}

export interface BudgetedText {
  text: string;
  tokens: number;
  parts: BudgetPart[];
}

const ROLE_WEIGHTS: Record<Exclude<SectionRole, 'backmatter' | 'abstract'>, number> = {
  intro: 0.16,
  related: 0.07,
  method: 0.3,
  experiments: 0.14,
  results: 0.18,
  discussion: 0.05,
  conclusion: 0.1,
  other: 0.08,
};

const ABSTRACT_SHARE = 0.2;

interface Candidate {
  label: string;
  page: number | null;
  text: string;
  weight: number;
  fullTokens: number;
  order: number;
}

function headerLines(s: PaperStructure): string {
  const lines = [
    s.title && `Title: ${s.title}`,
    s.authors.length > 0 && `Authors: ${s.authors.join(', ')}`,
    s.affiliation && `First author's affiliation: ${s.affiliation}`,
    s.keywords.length > 0 && `Keywords: ${s.keywords.join(', ')}`,
    s.arxivId && `arXiv: https://arxiv.org/abs/${s.arxivId}`,
    s.doi && `DOI: https://doi.org/${s.doi}`,
    s.githubUrls.length > 0 && `Code links printed in the paper: ${s.githubUrls.join(', ')}`,
  ];
  return lines.filter(Boolean).join('\n');
}

/** Sections with a role; sub-sections whose own heading says nothing inherit their parent's role. */
function sectionCandidates(s: PaperStructure, tokenizer: Tokenizer): Candidate[] {
  const byRole = new Map<SectionRole, Array<Omit<Candidate, 'weight'>>>();
  let parentRole: SectionRole = 'other';
  s.sections.forEach((section, order) => {
    let role = sectionRole(section);
    if (section.level <= 1) parentRole = role;
    else if (role === 'other') role = parentRole;
    if (role === 'backmatter' || role === 'abstract' || !section.text.trim()) return;
    const list = byRole.get(role) ?? [];
    list.push({ label: section.heading, page: section.page, text: section.text.trim(), fullTokens: tokenizer.count(section.text), order });
    byRole.set(role, list);
  });
  const out: Candidate[] = [];
  for (const [role, list] of byRole) {
    const roleWeight = ROLE_WEIGHTS[role as keyof typeof ROLE_WEIGHTS];
    const roleTokens = list.reduce((a, c) => a + c.fullTokens, 0) || 1;
    // Within a role, longer sections get more of the role's share.
    for (const c of list) out.push({ ...c, weight: roleWeight * (0.3 / list.length + (0.7 * c.fullTokens) / roleTokens) });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** No usable sections: take evenly spaced windows of the body so the model still sees beginning, middle and end. */
function windowCandidates(s: PaperStructure, tokenizer: Tokenizer): Candidate[] {
  const pages = s.pages.filter((p) => p.text.trim());
  // Spaces around the heading stay on its line (`[^\S\n\r\u2028\u2029]`): a `\s*` there would rescan every following
  // blank line from each line start.
  const refsAt = pages.findIndex(
    (p, i) => i > 0 && /^[^\S\n\r\u2028\u2029]*(references|bibliography|参\s*考\s*文\s*献)[^\S\n\r\u2028\u2029]*$/im.test(p.text),
  );
  const body = refsAt > 0 ? pages.slice(0, refsAt + 1) : pages;
  return body.map((p, order) => ({
    label: `Page ${p.num}`,
    page: p.num,
    text: p.text.trim(),
    weight: 1,
    fullTokens: tokenizer.count(p.text),
    order,
  }));
}

/** Water-filling: each round gives every unsatisfied part its weighted share; satisfied parts free their rest. */
function allocate(cands: Candidate[], budget: number): number[] {
  const grant = cands.map(() => 0);
  let open = cands.map((_, i) => i);
  let remaining = budget;
  while (open.length > 0 && remaining > 0) {
    const totalWeight = open.reduce((a, i) => a + cands[i]!.weight, 0);
    const satisfied = open.filter((i) => cands[i]!.fullTokens - grant[i]! <= (remaining * cands[i]!.weight) / totalWeight);
    if (satisfied.length === 0) {
      for (const i of open) grant[i]! += Math.floor((remaining * cands[i]!.weight) / totalWeight);
      break;
    }
    for (const i of satisfied) {
      remaining -= cands[i]!.fullTokens - grant[i]!;
      grant[i] = cands[i]!.fullTokens;
    }
    open = open.filter((i) => !satisfied.includes(i));
  }
  return grant;
}

export function budgetPaper(structure: PaperStructure, maxTokens: number, tokenizer: Tokenizer): BudgetedText {
  const blocks: string[] = [];
  const parts: BudgetPart[] = [];
  const header = headerLines(structure);
  let left = maxTokens - tokenizer.count(header) - 8;
  if (header) blocks.push(header);

  if (structure.abstract) {
    const full = tokenizer.count(structure.abstract);
    const abs = takeTokens(structure.abstract, Math.min(full, Math.max(200, Math.floor(maxTokens * ABSTRACT_SHARE))), tokenizer);
    if (abs.text) {
      blocks.push(`## Abstract\n${abs.text}`);
      parts.push({ label: 'Abstract', page: structure.pages[0]?.num ?? 1, tokens: abs.tokens, fullTokens: full });
      left -= abs.tokens + 4;
    }
  }

  const fromSections = sectionCandidates(structure, tokenizer);
  const bodyTokens = fromSections.reduce((a, c) => a + c.fullTokens, 0);
  const pageTokens = tokenizer.count(structure.pages.map((p) => p.text).join('\n'));
  // Sections that cover too little of the paper mean the heading finder failed; fall back to page windows.
  const cands = fromSections.length >= 2 && bodyTokens >= pageTokens * 0.3 ? fromSections : windowCandidates(structure, tokenizer);
  // Each block also costs its heading line.
  const overhead = cands.reduce((a, c) => a + tokenizer.count(c.label) + 8, 0);
  const grants = allocate(cands, Math.max(0, left - overhead));
  cands.forEach((c, i) => {
    const grant = grants[i]!;
    if (grant < 20) return;
    const taken = takeTokens(c.text, grant, tokenizer);
    if (!taken.text) return;
    const cut = taken.tokens < c.fullTokens ? ' […]' : '';
    blocks.push(`## ${c.label}${c.page ? ` [p. ${c.page}]` : ''}\n${taken.text}${cut}`);
    parts.push({ label: c.label, page: c.page, tokens: taken.tokens, fullTokens: c.fullTokens });
  });
  let text = blocks.join('\n\n');
  let tokens = tokenizer.count(text);
  // Joins can add a few tokens past the estimate; the budget is a hard limit, so drop trailing blocks.
  while (tokens > maxTokens && blocks.length > 1) {
    blocks.pop();
    parts.pop();
    text = blocks.join('\n\n');
    tokens = tokenizer.count(text);
  }
  return { text, tokens, parts };
}
