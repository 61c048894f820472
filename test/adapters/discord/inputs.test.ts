/** What the bot reads: paper links in a message's text, and the command definitions it registers. Pure. */
import { describe, expect, it } from 'vitest';
import { findPaperLink } from '../../../src/adapters/discord/find-paper-link.ts';
import { commandDefinitions } from '../../../src/adapters/discord/commands.ts';

describe('findPaperLink', () => {
  it('finds arXiv ids, DOIs and links, unwrapping Discord link syntax', () => {
    expect(findPaperLink('see 2401.00001v2, great')).toBe('2401.00001v2');
    expect(findPaperLink('<https://arxiv.org/abs/2401.00001>')).toBe('https://arxiv.org/abs/2401.00001');
    expect(findPaperLink('[the paper](https://example.org/p.pdf)')).toBe('https://example.org/p.pdf');
    expect(findPaperLink('doi:10.1145/3292500.3330701')).toBe('doi:10.1145/3292500.3330701');
    expect(findPaperLink('nothing here, ftp://x.org/p.pdf /etc/passwd')).toBeNull();
  });
});

describe('command definitions', () => {
  it('use valid names and descriptions within Discord\'s limits', () => {
    const name = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    for (const c of commandDefinitions()) {
      if (c.type === 1 || c.type === undefined) {
        expect(c.name).toMatch(name);
        expect(c.name_localizations!['zh-CN']).toMatch(name);
        expect(c.description.length).toBeLessThanOrEqual(100);
        for (const o of 'options' in c ? (c.options ?? []) : []) {
          expect(o.name).toMatch(name);
          expect(o.description.length).toBeLessThanOrEqual(100);
          for (const loc of Object.values(o.name_localizations ?? {})) expect(loc).toMatch(name);
        }
      } else {
        expect(c.name.length).toBeLessThanOrEqual(32);
        expect(c.name_localizations!['zh-CN']).toBeTruthy();
      }
    }
  });
});
