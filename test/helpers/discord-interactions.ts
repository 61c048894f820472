/** INTERACTION_CREATE payloads as Discord sends them (API v10), for the fake gateway to dispatch. */
import { nextId } from './fake-discord.ts';

export const GUILD_ID = '1300000000000000001';
export const CHANNEL_ID = '1300000000000000002';
export const USER = { id: '1300000000000000003', username: 'human', discriminator: '0', global_name: 'Human', avatar: null };

export interface AttachmentPayload {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

export function attachment(url: string, filename: string, size: number, contentType = 'application/pdf'): AttachmentPayload {
  return { id: nextId(), filename, size, url, proxy_url: url, content_type: contentType };
}

function base(appId: string, type: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const id = nextId();
  const token = `tok-${id}`;
  return {
    id,
    token,
    application_id: appId,
    type,
    version: 1,
    data,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'papers' },
    member: { user: USER, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '2248473465835073' },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    ...extra,
  };
}

export function slashCommand(appId: string, opts: { pdf?: AttachmentPayload; url?: string; language?: 'zh' | 'en' }) {
  const options: Array<Record<string, unknown>> = [];
  if (opts.pdf) options.push({ name: 'pdf', type: 11, value: opts.pdf.id });
  if (opts.url) options.push({ name: 'url', type: 3, value: opts.url });
  if (opts.language) options.push({ name: 'language', type: 3, value: opts.language });
  return base(appId, 2, {
    id: '1300000000000000010',
    name: 'summarize',
    type: 1,
    options,
    ...(opts.pdf ? { resolved: { attachments: { [opts.pdf.id]: opts.pdf } } } : {}),
  });
}

export function userMessage(opts: { content?: string; attachments?: AttachmentPayload[]; id?: string }) {
  return {
    id: opts.id ?? nextId(),
    channel_id: CHANNEL_ID,
    guild_id: GUILD_ID,
    type: 0,
    content: opts.content ?? '',
    author: { ...USER, id: '1300000000000000004', username: 'colleague' },
    attachments: opts.attachments ?? [],
    embeds: [],
    components: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
  };
}

export function contextMenu(appId: string, message: ReturnType<typeof userMessage>) {
  return base(appId, 2, { id: '1300000000000000011', name: 'Summarize paper', type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } });
}

export function buttonClick(appId: string, customId: string, message: Record<string, unknown>) {
  return base(appId, 3, { custom_id: customId, component_type: 2 }, { message: { ...message, channel_id: CHANNEL_ID } });
}

/** Any chat-input command with string options (`/ask`, `/papers`); `extra` overrides fields such as guild_id. */
export function chatCommand(appId: string, name: string, options: Record<string, string>, extra: Record<string, unknown> = {}) {
  return base(appId, 2, { id: '1300000000000000011', name, type: 1, options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v })) }, extra);
}
