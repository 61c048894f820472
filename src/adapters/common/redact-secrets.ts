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
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s/@]+@/gi, `$1:${REDACTED}@`], // user:password@ in URLs
];

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
    return out;
  };
}
