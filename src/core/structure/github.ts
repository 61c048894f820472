/**
 * github.com links printed in the paper. Line breaks split URLs ("https://github.com/jhu-" /
 * "lcsr/good_robot"), so a URL ending at a line end with "/", "-", "_" or "." is continued with the
 * next line's first token; the PDF's link annotations hold the true target and win when they
 * extend or equal what the text shows. github.io sites are not repositories and are left out.
 */
import { trimEndWhere } from './text-utils.ts';

const URL_START = /(?:https?:\/\/)?(?:www\.)?github\.com\/[^\s<>"'，。；）)\]]*/giu;

/** Canonical comparison key: no scheme, no www, no trailing slash or ".git", lower case. */
export function githubKey(url: string): string {
  const key = trimEndWhere(url.toLowerCase().replace(/^https?:\/\//u, '').replace(/^www\./u, ''), /\//u);
  return key.endsWith('.git') ? key.slice(0, -4) : key;
}

function tidy(url: string): string {
  let u = trimEndWhere(url, /[.,;:!?'"’”)\]}>]/u);
  if (!/^https?:\/\//iu.test(u)) u = `https://${u}`;
  return u;
}

/** A repository or user URL (github.com with at least an owner), not the bare host. */
function isRepoUrl(url: string): boolean {
  return /^https?:\/\/(?:www\.)?github\.com\/[A-Za-z0-9][\w.-]*/iu.test(url);
}

/** URLs found in text lines, rejoined across line breaks. */
function fromText(pages: readonly string[]): string[] {
  const out: string[] = [];
  for (const page of pages) {
    const lines = page.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      for (const m of line.matchAll(URL_START)) {
        let url = m[0];
        const atEnd = (m.index ?? 0) + url.length >= line.trimEnd().length;
        const next = lines[i + 1]?.trim() ?? '';
        const tail = /^[\w./#-]+/u.exec(next)?.[0] ?? '';
        // Only a break right after a URL separator is a broken URL; elsewhere the URL simply ended.
        // After "." only a host/path continuation ("io/…") joins: otherwise the dot ended a sentence.
        const joins = /[/_-]$/u.test(url) ? !/^(?:and|or|the|in|for|to)$/iu.test(tail) : /\.$/u.test(url) && /^[a-z0-9][\w-]*[./]/u.test(tail) && !/^\p{Lu}/u.test(next);
        if (atEnd && tail && joins) url += tail;
        out.push(tidy(url));
      }
    }
  }
  return out;
}

export function findGithubUrls(pages: readonly string[], linkUrls: readonly string[]): string[] {
  const annotations = linkUrls.map((u) => tidy(u.trim())).filter((u) => /github\.com\//iu.test(u) && isRepoUrl(u));
  const result: string[] = [];
  const seen = new Set<string>();
  const add = (url: string) => {
    const key = githubKey(url);
    if (!seen.has(key)) {
      seen.add(key);
      result.push(url);
    }
  };
  for (const url of fromText(pages)) {
    if (!isRepoUrl(url)) continue;
    const key = githubKey(url);
    // The annotation is the true target when the printed text is (a broken-off piece of) it.
    const exact = annotations.find((a) => githubKey(a) === key);
    const longer = annotations.find((a) => {
      const k = githubKey(a);
      return k.length > key.length && k.startsWith(key) && k[key.length] !== '/';
    });
    add(exact ?? longer ?? url);
  }
  for (const a of annotations) add(a);
  return result;
}
