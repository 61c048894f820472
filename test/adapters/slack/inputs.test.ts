import { describe, expect, it } from 'vitest';
import { isPdfFile, isSlackFileUrl } from '../../../src/adapters/slack/download-file.ts';
import { parseMention } from '../../../src/adapters/slack/mention-input.ts';
import { createOnceSet } from '../../../src/adapters/slack/once.ts';

describe('parseMention', () => {
  it('finds arXiv ids, DOIs and Slack-wrapped links, and a language word', () => {
    expect(parseMention('<@U0BOT> 2401.00001')).toEqual({ input: '2401.00001', language: null });
    expect(parseMention('<@U0BOT> please summarize arXiv:2401.00001v2, en')).toEqual({ input: 'arXiv:2401.00001v2', language: 'en' });
    expect(parseMention('<@U0BOT> <https://arxiv.org/abs/2401.00001|arxiv.org/abs/2401.00001> 中文')).toEqual({
      input: 'https://arxiv.org/abs/2401.00001',
      language: 'zh',
    });
    expect(parseMention('<@U0BOT> doi:10.1145/3290605.3300233').input).toBe('doi:10.1145/3290605.3300233');
    expect(parseMention('<@U0BOT> <https://example.org/paper.pdf?a=1&amp;b=2>').input).toBe('https://example.org/paper.pdf?a=1&b=2');
  });

  it('returns nothing for plain words, paths, mentions and refused schemes', () => {
    expect(parseMention('<@U0BOT> hello there').input).toBeNull();
    expect(parseMention('<@U0BOT> /etc/passwd ./paper.pdf').input).toBeNull();
    expect(parseMention('<@U0BOT> <!channel> <#C123|general>').input).toBeNull();
    expect(parseMention('<@U0BOT> file:///etc/passwd ftp://x/y.pdf').input).toBeNull();
  });
});

describe('isSlackFileUrl', () => {
  const api = 'https://slack.com/api/';
  it('allows only files.slack.com over https, or the exact host of SLACK_API_URL', () => {
    expect(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/download/a.pdf', api)).toBe(true);
    expect(isSlackFileUrl('http://files.slack.com/files-pri/a.pdf', api)).toBe(false);
    expect(isSlackFileUrl('https://files.slack.com.evil.org/a.pdf', api)).toBe(false);
    expect(isSlackFileUrl('https://user:pw@files.slack.com/a.pdf', api)).toBe(false);
    expect(isSlackFileUrl('https://example.org/a.pdf', api)).toBe(false);
    expect(isSlackFileUrl('http://127.0.0.1:4000/files/a.pdf', 'http://127.0.0.1:4000/api/')).toBe(true);
    expect(isSlackFileUrl('http://127.0.0.1:4001/files/a.pdf', 'http://127.0.0.1:4000/api/')).toBe(false);
    expect(isSlackFileUrl('not a url', api)).toBe(false);
  });
});

describe('isPdfFile', () => {
  it('goes by mimetype, filetype or name', () => {
    expect(isPdfFile({ mimetype: 'application/pdf', name: 'x' })).toBe(true);
    expect(isPdfFile({ name: 'Paper.PDF' })).toBe(true);
    expect(isPdfFile({ filetype: 'pdf', name: 'x' })).toBe(true);
    expect(isPdfFile({ mimetype: 'image/png', name: 'figure.png' })).toBe(false);
  });
});

describe('createOnceSet', () => {
  it('says yes once per key until the entry expires or is forgotten', () => {
    let t = 0;
    const once = createOnceSet(1000, () => t);
    expect(once.first('a')).toBe(true);
    expect(once.first('a')).toBe(false);
    expect(once.first('b')).toBe(true);
    t = 999;
    expect(once.first('a')).toBe(false);
    t = 2500;
    expect(once.first('a')).toBe(true);
    once.forget('a');
    expect(once.first('a')).toBe(true);
    expect(once.first('a')).toBe(false);
  });
});
