/**
 * The long-lived scheduler of materialization jobs ({@link dev.ember.ml.features.schedule.Scheduler}): each view on
 * its cron schedule, catch-up of missed intervals in order, bounded concurrency, retries with backoff, a lease lock
 * per interval shared by every scheduler on the same store, clean shutdown on SIGTERM; and
 * {@link dev.ember.ml.features.schedule.ViewStatus}, what an on-call engineer watches per view.
 */
package dev.ember.ml.features.schedule;
