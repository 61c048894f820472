/** Loads the prompt text files; their sha256 is the prompt version used in cache keys. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PromptSet } from '../core/pipeline/build-messages.ts';

export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

export function loadPrompts(dir: string = PROMPTS_DIR): PromptSet {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const text: Record<string, string> = {};
  const hash = createHash('sha256');
  for (const f of files) {
    const body = readFileSync(path.join(dir, f), 'utf8');
    text[f] = body.trim();
    hash.update(f).update('\0').update(body).update('\0');
  }
  const need = (name: string): string => {
    const v = text[name];
    if (v === undefined) throw new Error(`prompt file missing: ${path.join(dir, name)}`);
    return v;
  };
  const perLanguage = (stem: string) => ({ zh: need(`${stem}.zh.txt`), en: need(`${stem}.en.txt`) });
  return {
    version: hash.digest('hex').slice(0, 12),
    system: need('system.txt'),
    instruction: perLanguage('instruction'),
    format: perLanguage('format'),
    example: perLanguage('example'),
    repair: perLanguage('repair'),
    retry: perLanguage('retry'),
  };
}
