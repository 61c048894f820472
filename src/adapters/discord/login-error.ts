/**
 * What went wrong when connecting to Discord, in plain words naming what to fix. discord.js reports a rejected
 * token as DiscordjsError `TokenInvalid` (or an HTTP 401), a gateway close 4014 as "Used disallowed intents"
 * and 4004 as "Authentication failed"; everything else is passed on with its own message.
 */
export function describeDiscordFailure(err: unknown): string {
  const e = err as { code?: unknown; status?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.code === 'TokenInvalid' || e?.status === 401 || /Authentication failed|401: Unauthorized/i.test(message)) {
    return 'Discord rejected DISCORD_TOKEN. Copy the bot token again from https://discord.com/developers/applications → your app → Bot → Reset Token, and set it as DISCORD_TOKEN (the token alone, without "Bot ").';
  }
  if (e?.code === 'DisallowedIntents' || /disallowed intents/i.test(message)) {
    return 'Discord refused the Message Content intent that DISCORD_AUTO_CHANNELS needs. Turn on "Message Content Intent" under Bot → Privileged Gateway Intents in the developer portal, or unset DISCORD_AUTO_CHANNELS.';
  }
  if (/invalid intents/i.test(message)) return 'Discord refused the requested gateway intents (invalid intents).';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|ETIMEDOUT/i.test(message) || (e as { cause?: { code?: string } })?.cause?.code) {
    return `Could not reach Discord (${message}). Check the network, and DISCORD_API_URL if you set it.`;
  }
  return `Discord login failed: ${message}`;
}
