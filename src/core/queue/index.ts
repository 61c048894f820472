/** The core's job queue: the interface, the in-process implementation and its store port. */
export type { Accepted, FailureHandler, JobContext, JobHandler, JobOutcome, JobQueue, NewJob, QueueCounts, QueuedJob } from './types.ts';
export { createMemoryJobStore, type JobStore } from './job-store.ts';
export { UNLIMITED, type QueueLimits } from './limits.ts';
export { createInProcessQueue, type InProcessQueueOptions, type QueueLog } from './in-process-queue.ts';
export { createDeliveryLedger, DELIVERY_TTL_MS, type DeliveryLedger } from './delivery-ledger.ts';
export { busyError, estimateWaitSeconds, unavailableError } from './busy.ts';
