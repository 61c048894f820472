/**
 * Which channels asked for the weekly digest (`/papers digest on|off`). One list in the cache: a handful of
 * channels per workspace, read once per scheduler tick.
 */
import type { SummaryCache } from '../ports.ts';
import type { Language } from '../types.ts';
import type { ChannelScope } from './types.ts';

export interface DigestSubscription extends ChannelScope {
  language: Language;
}

export interface DigestSubscriptions {
  set(sub: DigestSubscription, on: boolean): Promise<void>;
  list(): Promise<DigestSubscription[]>;
}

const KEY = 'digest-subscriptions';
const same = (a: ChannelScope, b: ChannelScope) => a.platform === b.platform && a.workspace === b.workspace && a.channel === b.channel;

export function createDigestSubscriptions(cache: SummaryCache): DigestSubscriptions {
  let writing: Promise<unknown> = Promise.resolve();
  return {
    set(sub, on) {
      // Serialized: two channels switching at once must not drop each other.
      const next = writing.then(async () => {
        const list = ((await cache.get<DigestSubscription[]>(KEY)) ?? []).filter((s) => !same(s, sub));
        await cache.set(KEY, on ? [...list, sub] : list);
      });
      writing = next.catch(() => undefined);
      return next;
    },
    async list() {
      return (await cache.get<DigestSubscription[]>(KEY)) ?? [];
    },
  };
}
