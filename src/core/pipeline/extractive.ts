/**
 * The offline engine: the same Summary built from the paper's own sentences, no model.
 * Each point takes the best-scoring sentences from the parts of the paper where that point is usually written.
 */
import { sectionRole, type SectionRole } from './section-roles.ts';
import { structuredAbstract } from './structured-abstract.ts';
import { splitSentences } from './text-units.ts';
import { canonicalPaperLink } from './verify-summary.ts';
import type { PaperStructure, Summary, SummaryPoints } from '../types.ts';

interface Pool {
  role: SectionRole;
  sentences: string[];
}

interface PointSpec {
  /** Where to look, best first. */
  roles: SectionRole[];
  cues: RegExp;
  /** Sentences wanted and the character cap of the point. */
  take: number;
  maxChars: number;
  /** Only sentences that carry a cue (used when searching the whole paper). */
  cueOnly?: boolean;
}

const SPECS: Record<keyof SummaryPoints, PointSpec> = {
  background: {
    roles: ['abstract', 'intro'],
    cues: /\b(is|are|has|have) (become|been|a|an|the|widely|increasingly)|important|crucial|essential|challeng|widely used|growing|recent(ly)?|field|problem of|广泛|重要|随着|近年来|研究|背景/i,
    take: 2,
    maxChars: 600,
  },
  priorWork: {
    roles: ['intro', 'related', 'abstract'],
    cues: /however|but |although|existing|previous|prior|traditional|conventional|current (methods|approaches)|limitation|suffer|fail|lack|costly|expensive|difficult|struggle|然而|但是|现有|传统|已有|不足|局限|问题/i,
    take: 2,
    maxChars: 600,
  },
  method: {
    roles: ['abstract', 'method', 'intro', 'other'],
    cues: /we (propose|present|introduce|develop|design|describe)|this (paper|work) (proposes|presents|introduces)|our (method|approach|model|framework|system)|is based on|consists of|本文提出|我们提出|本文设计|提出了|设计了|构建了|采用/i,
    take: 3,
    maxChars: 700,
  },
  results: {
    roles: ['abstract', 'results', 'experiments', 'conclusion'],
    // `(?<!\d)`: a number is read from its first digit only, not again from each digit of a long run.
    cues: /(?<!\d)\d+(\.\d+)?\s?%|outperform|improv|achiev|state[- ]of[- ]the[- ]art|accuracy|f1|bleu|score|better than|surpass|results show|demonstrat|显著|提高|提升|优于|准确率|结果表明|实验表明/i,
    take: 3,
    maxChars: 700,
  },
};

const NOT_FOUND: Record<Summary['language'], string> = {
  zh: '（论文可提取的文本中没有找到这一点。）',
  en: '(The extractable text of the paper does not state this.)',
};

const NOISE = /^(figure|fig\.|table|tab\.|algorithm|equation|图|表)\s*\d/i;

function pools(structure: PaperStructure): Pool[] {
  const out: Pool[] = [];
  if (structure.abstract) out.push({ role: 'abstract', sentences: splitSentences(structure.abstract) });
  let parent: SectionRole = 'other';
  for (const section of structure.sections) {
    let role = sectionRole(section);
    if (section.level <= 1) parent = role;
    else if (role === 'other') role = parent;
    if (role === 'backmatter' || (role === 'abstract' && structure.abstract)) continue;
    out.push({ role, sentences: splitSentences(section.text) });
  }
  if (out.length === 0) {
    // No structure at all: the first pages stand in for abstract and introduction.
    const text = structure.pages.slice(0, 3).map((p) => p.text).join(' ');
    out.push({ role: 'abstract', sentences: splitSentences(text) });
  }
  return out;
}

function clip(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('').trimEnd()}…` : text;
}

function usable(s: string): boolean {
  const len = [...s.replace(/\s+/g, '')].length;
  const cjk = /[\u4e00-\u9fff]/.test(s);
  return len >= (cjk ? 12 : 40) && len <= (cjk ? 300 : 600) && !NOISE.test(s) && !/https?:\/\//.test(s);
}

function pick(pool: Pool[], spec: PointSpec, used: Set<string>): string {
  const scored: Array<{ s: string; score: number }> = [];
  spec.roles.forEach((role, rank) => {
    for (const p of pool.filter((x) => x.role === role)) {
      p.sentences.forEach((s, i) => {
        if (!usable(s) || used.has(s) || (spec.cueOnly && !spec.cues.test(s))) return;
        const cue = spec.cues.test(s) ? 2 : 0;
        // Earlier parts and earlier sentences in a part carry the gist.
        scored.push({ s, score: cue + (spec.roles.length - rank) * 0.5 - Math.min(i, 10) * 0.08 });
      });
    }
  });
  const best = scored.sort((a, b) => b.score - a.score).slice(0, spec.take);
  // Keep the paper's order within the point so it reads naturally.
  const order = (s: string) => pool.findIndex((p) => p.sentences.includes(s)) * 1000 + pool.flatMap((p) => p.sentences).indexOf(s);
  const chosen: string[] = [];
  let chars = 0;
  for (const { s } of best.sort((a, b) => order(a.s) - order(b.s))) {
    if (chars + s.length > spec.maxChars && chosen.length > 0) break;
    chosen.push(s);
    chars += s.length;
    used.add(s);
  }
  return chosen.join(' ');
}

const STOP = new Set(
  'a an the of for and or in on to with by from via using based towards toward is are we our this that at as its their into under over new study paper approach method methods model models'.split(' '),
);

/** Keywords when the paper prints none: the title's content words. */
function titleKeywords(title: string | null): string[] {
  if (!title) return [];
  return title
    .split(/[\s:,;()\-–—]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length > 3 && !STOP.has(w.toLowerCase()))
    .slice(0, 5);
}

/** Links come from the paper alone (the request's own link is applied per request: verify-summary.ts linksForRequest). */
export function extractiveSummary(structure: PaperStructure, language: Summary['language']): Summary {
  const pool = pools(structure);
  const used = new Set<string>();
  const points = {} as SummaryPoints;
  // Background first: it owns the opening sentences; then the points with the most specific cues.
  const order = ['background', 'method', 'results', 'priorWork'] as const;
  const labelled = structuredAbstract(structure.abstract);
  // A labelled abstract is used by label; its sentences must not come back under another point.
  if (labelled) for (const p of pool.filter((x) => x.role === 'abstract')) for (const s of p.sentences) used.add(s);
  for (const key of order) {
    const given = labelled?.[key];
    if (given) {
      points[key] = clip(given, SPECS[key].maxChars);
    } else {
      points[key] = pick(pool, SPECS[key], used);
    }
  }
  // A short or oddly structured paper can leave a point empty: widen the search to every part of the paper,
  // and say so plainly rather than repeat a sentence or print nothing.
  const everywhere = [...new Set(pool.map((p) => p.role))];
  for (const key of order) {
    if (!points[key]) points[key] = pick(pool, { ...SPECS[key], roles: everywhere, take: 1, cueOnly: true }, used) || NOT_FOUND[language];
  }
  const title = structure.title ?? '';
  return {
    title,
    titleOriginal: title,
    authors: structure.authors,
    affiliation: structure.affiliation,
    keywords: structure.keywords.length > 0 ? structure.keywords : titleKeywords(structure.title),
    links: { paper: canonicalPaperLink(structure), code: structure.githubUrls[0] ?? null },
    summary: {
      background: points.background,
      priorWork: points.priorWork,
      method: points.method,
      results: points.results,
    },
    language,
  };
}
