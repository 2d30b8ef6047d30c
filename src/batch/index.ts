/**
 * Layer 7: running any owseg task over a dataset — locally in child processes with a journal for
 * exactly-once resumable runs, or on many machines through a BullMQ queue on Redis.
 */
export { BATCH_TASKS, batchModel, settingsFingerprint, type BatchModel, type BatchNaming, type BatchSettings, type BatchTask } from './settings.js';
export { listBatchImages, type BatchImage, type InputOptions } from './inputs.js';
export { runBatch, SUMMARY_FILE, type BatchProgress, type BatchRunOptions, type BatchSummary, type Executor, type ResultSink } from './run-batch.js';
export { localExecutor, type LocalPoolOptions } from './local-pool.js';
export { JOURNAL_FILE, type JournalEntry } from './journal.js';
export { resultPath, RESULTS_DIR } from './result-files.js';
export { UNNAMED_CATEGORY } from './merge.js';
export { DEFAULT_QUEUE_NAME, redisConnection, type QueueConnection } from './queue/connection.js';
export { queueExecutor, type CoordinatorOptions } from './queue/coordinator.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './queue/worker.js';
