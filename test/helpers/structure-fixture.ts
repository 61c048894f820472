/** Hand-built PaperStructure objects for unit tests of the stages after structure. */
import type { PaperStructure, Section } from '../../src/core/types.ts';

/** n sentences of recognisable filler, each naming its section so tests can see what was kept. */
export function sentences(tag: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `The ${tag} part states fact number ${i + 1} about the studied system in plain words.`).join(' ');
}

export function makeStructure(over: Partial<PaperStructure> = {}): PaperStructure {
  const sections: Section[] = over.sections ?? [
    { heading: '1 Introduction', level: 1, page: 1, text: sentences('introduction', 60) },
    { heading: '2 Related Work', level: 1, page: 2, text: sentences('related-work', 80) },
    { heading: '3 Method', level: 1, page: 3, text: sentences('method', 200) },
    { heading: '3.1 Encoder', level: 2, page: 4, text: sentences('encoder', 100) },
    { heading: '4 Experiments', level: 1, page: 6, text: sentences('experiments', 150) },
    { heading: '5 Results', level: 1, page: 8, text: sentences('results', 150) },
    { heading: '6 Conclusion', level: 1, page: 10, text: sentences('conclusion', 30) },
    { heading: 'References', level: 1, page: 11, text: sentences('references', 300) },
  ];
  const pages = over.pages ?? [{ num: 1, text: `A Study of Things\nAda Lovelace, Charles Babbage\n${sections.map((s) => `${s.heading}\n${s.text}`).join('\n')}` }];
  return {
    title: 'A Study of Things',
    authors: ['Ada Lovelace', 'Charles Babbage'],
    affiliation: 'Analytical Engine Society',
    keywords: ['things', 'study'],
    abstract: sentences('abstract', 8),
    sections,
    arxivId: null,
    doi: null,
    githubUrls: [],
    language: 'en',
    ...over,
    pages,
  };
}
