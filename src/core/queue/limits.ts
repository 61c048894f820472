/** How many jobs may run at once: in all, per user, per channel. `Infinity` = no limit. */
export interface QueueLimits {
  concurrency: number;
  perUser: number;
  perChannel: number;
}

export const UNLIMITED: QueueLimits = { concurrency: Infinity, perUser: Infinity, perChannel: Infinity };
