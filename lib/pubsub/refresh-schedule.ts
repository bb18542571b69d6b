/**
 * When a long-poll re-reads Stripe. A waiter is woken by the notifier as soon as a webhook (or the
 * success page, or another instance) changes what it waits for, so these reads are only a safety
 * net for a lost webhook or wake-up. Every read spends the account's Stripe rate limit (25 req/s in
 * test mode for everything the deployment does), so they back off: 5 s after the wait starts, then
 * 10, 20, 40 s apart, never more than a minute. A 60 s wait makes 3 reads where a fixed 5 s made 12.
 */
export const FIRST_REFRESH_MS = 5_000;
export const MAX_REFRESH_INTERVAL_MS = 60_000;

export class RefreshSchedule {
  private interval = FIRST_REFRESH_MS;
  private dueAt: number;

  constructor(now = Date.now()) {
    this.dueAt = now + this.interval;
  }

  /** Milliseconds until the next read is due (0 when it is). */
  msUntilDue(now = Date.now()): number {
    return Math.max(0, this.dueAt - now);
  }

  isDue(now = Date.now()): boolean {
    return now >= this.dueAt;
  }

  /** Call after each read: the next one is twice as far away. */
  advance(now = Date.now()): void {
    this.interval = Math.min(this.interval * 2, MAX_REFRESH_INTERVAL_MS);
    this.dueAt = now + this.interval;
  }
}
