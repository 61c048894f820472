/**
 * Takes secrets out of text before it is logged. Two nets, because either alone misses something:
 *
 * - the configured values (tokens, keys, the signing secret, passwords inside CACHE_URL / REDIS_URL / API URLs), in
 *   their raw, URL-encoded and JSON-escaped spellings: they catch a secret of any shape, e.g. a test token;
 * - token shapes (Slack `xox?-` / `xapp-`, `Bearer …`, `sk-…` keys, Discord bot tokens, `user:password@` in URLs):
 *   they catch a secret that was never configured here, e.g. a key echoed back by a proxy.
 *
 * Path-based redaction (pino's `redact`) would miss both: the leaks that matter are inside messages and stacks.
 */

/** What a redacted secret becomes. */
export const REDACTED = '[REDACTED]';

/** Shorter values are not redacted by value (they would garble ordinary words); token shapes still apply. */
const MIN_SECRET_LENGTH = 6;

const SECRET_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'OPENAI_API_KEY'] as const;
const URL_KEYS = ['CACHE_URL', 'REDIS_URL', 'OPENAI_BASE_URL', 'SLACK_API_URL', 'DISCORD_API_URL'] as const;

type SecretSource = Partial<Record<(typeof SECRET_KEYS)[number] | (typeof URL_KEYS)[number], string | undefined>>;

/** The password (and user, when there is a password) of a URL like redis://user:pw@host. */
function urlCredentials(value: string): string[] {
  try {
    const u = new URL(value);
    if (!u.password) return [];
    return [decodeURIComponent(u.password), u.password, ...(u.username ? [decodeURIComponent(u.username)] : [])];
  } catch {
    return [];
  }
}

/** The secret values found in a configuration (config object or environment). */
export function secretsOf(config: SecretSource): string[] {
  const out = new Set<string>();
  for (const key of SECRET_KEYS) {
    const v = config[key]?.trim();
    if (v) out.add(v);
  }
  for (const key of URL_KEYS) {
    const v = config[key];
    if (v) for (const c of urlCredentials(v)) out.add(c);
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SHAPES: Array<[RegExp, string]> = [
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}/g, REDACTED], // Slack bot/user/app/refresh tokens
  [/\b(Bearer)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`], // Authorization: Bearer … (Discord's `Bot …` is the shape below)
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED], // OpenAI-style keys (sk-…, sk-proj-…)
  [/\b[A-Za-z0-9_-]{23,30}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,45}\b/g, REDACTED], // Discord bot tokens (and JWTs)
];

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const WORD_CHAR = /\w/;
const USER_END = /[\s:/@]/;
const PASSWORD_END = /[\s/@]/;

/**
 * `scheme://user:password@` with the password redacted: what
 *   text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s/@]+@/gi, `$1:${REDACTED}@`)
 * gives, found from each `://` instead. As a regex it starts at every word boundary and rescans the scheme-like run
 * after it ("a.a.a.a…" in a log line took seconds). Every start inside the run before one `://` leads to the same
 * `://`, so only the leftmost is taken; scheme runs, and the user:password parts after them, never overlap.
 */
function redactUrlPasswords(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', Math.max(at + 1, copied))) {
    let runStart = at;
    while (runStart > 0 && SCHEME_CHAR.test(text[runStart - 1]!)) runStart--;
    let start = runStart;
    while (start < at && !(LETTER.test(text[start]!) && (start === 0 || !WORD_CHAR.test(text[start - 1]!)))) start++;
    if (start === at) continue;
    let userEnd = at + 3;
    while (userEnd < text.length && !USER_END.test(text[userEnd]!)) userEnd++;
    if (text[userEnd] !== ':') continue;
    let passwordEnd = userEnd + 1;
    while (passwordEnd < text.length && !PASSWORD_END.test(text[passwordEnd]!)) passwordEnd++;
    if (text[passwordEnd] !== '@' || passwordEnd === userEnd + 1) continue;
    out += `${text.slice(copied, userEnd)}:${REDACTED}@`;
    copied = passwordEnd + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A function that redacts `secrets` (and every token shape) from text. */
export function createRedactor(secrets: readonly string[] = []): (text: string) => string {
  const spellings = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    spellings.add(s);
    spellings.add(encodeURIComponent(s));
    spellings.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first, so a secret containing another is removed whole.
  const values = [...spellings].sort((a, b) => b.length - a.length);
  const byValue = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  return (text) => {
    let out = byValue ? text.replace(byValue, REDACTED) : text;
    for (const [re, to] of SHAPES) out = out.replace(re, to);
    return redactUrlPasswords(out);
  };
}
