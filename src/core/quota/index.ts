/** Spending caps on model calls: the counter port and the quota over it. */
export { createMemoryQuotaCounter, type QuotaCounter } from './quota-counter.ts';
export { createQuota, DAY_MS, HOUR_MS, NO_QUOTA, type Quota, type QuotaLimits, type QuotaOptions, type QuotaSubject } from './quota.ts';
