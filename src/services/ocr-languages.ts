/**
 * Tesseract language data from the registry's @tesseract.js-data packages (installed with paperbot, so OCR never
 * downloads at run time). The LSTM-only "best_int" models: what the LSTM engine reads, and a fraction of the size.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Language code → its .traineddata.gz, or null when no package holds it. */
export function languageDataFile(lang: string): string | null {
  if (!/^[a-z][a-z0-9_]*$/u.test(lang)) return null;
  try {
    const dir = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const file = path.join(dir, '4.0.0_best_int', `${lang}.traineddata.gz`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** The data files of every language; throws naming the ones that are not installed. */
export function languageData(langs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const lang of langs) {
    const file = languageDataFile(lang);
    if (file) out[lang] = file;
    else missing.push(lang);
  }
  if (missing.length) throw new Error(`no OCR language data for ${missing.join(', ')} (install @tesseract.js-data/${missing[0]})`);
  return out;
}
