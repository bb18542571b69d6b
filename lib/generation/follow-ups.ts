/**
 * Work that runs after a generation's debit has committed — auto-funding and the low-balance
 * alert — without holding up the response. A burst of debits on one account coalesces into one
 * run plus at most one more after it (which sees the latest balance), not one run per request.
 * Tests await `settleFollowUps()` before they inspect the outbox or close the database.
 */
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { afterDebit } from "@/lib/wallet/after-debit";

// On globalThis: Next may load this module once per route bundle; coalescing must span them.
const globalKey = Symbol.for("onramp.generationFollowUps");
const g = globalThis as typeof globalThis & {
  [globalKey]?: Map<string, { promise: Promise<void>; again: boolean }>;
};
g[globalKey] ??= new Map();
const running = g[globalKey];

export function scheduleAfterDebit(db: Db, accountId: string): void {
  const current = running.get(accountId);
  if (current) {
    current.again = true;
    return;
  }
  const entry = { promise: Promise.resolve(), again: false };
  entry.promise = (async () => {
    try {
      do {
        entry.again = false;
        await afterDebit(db, accountId);
      } while (entry.again);
    } catch (error) {
      log().warn({ account_id: accountId, err: String(error) }, "after-debit failed");
    } finally {
      running.delete(accountId);
    }
  })();
  running.set(accountId, entry);
}

export async function settleFollowUps(): Promise<void> {
  while (running.size > 0) await Promise.all([...running.values()].map((e) => e.promise));
}
