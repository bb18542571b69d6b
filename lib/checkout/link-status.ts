/**
 * GET /billing/payment-link/{session_id}: the link's status, optionally held open (`wait`) until it
 * changes. Only the account's own links are looked at (a foreign or unknown id is a 404 before
 * anything reaches Stripe). The waiter subscribes to the link's wake-up channel first, then checks,
 * then sleeps: the webhook or the success page wakes it. Stripe is re-read only as a safety net,
 * on a backing-off schedule (lib/pubsub/refresh-schedule.ts), so a lost wake-up or webhook costs a
 * little delay and a long wait costs a handful of Stripe calls.
 */
import type { Db } from "@/lib/db/client";
import { waitForMessage } from "@/lib/pubsub/notifier";
import { RefreshSchedule } from "@/lib/pubsub/refresh-schedule";
import { type CheckoutLink, linkChannel, loadLink, markAgentWaiting, ownLink, syncLink } from "./links";

/** How long one round of a watch waits before it reports that nothing changed. */
const WATCH_ROUND_MS = 15_000;

const isFinal = (s: CheckoutLink["status"]) => s === "fulfilled" || s === "expired" || s === "canceled";

const refreshed = async (db: Db, link: CheckoutLink) =>
  (await syncLink(db, link.sessionId, "status_poll"))?.link ?? link;

/** Holds until the link leaves its current status, `deadline` passes or `signal` aborts. */
async function waitForChange(
  db: Db,
  link: CheckoutLink,
  deadline: number,
  schedule: RefreshSchedule,
  signal: AbortSignal | undefined,
): Promise<CheckoutLink> {
  const from = link.status;
  let current = link;
  while (Date.now() < deadline && !signal?.aborted) {
    const woken = await waitForMessage(
      linkChannel(link.sessionId),
      Math.min(schedule.msUntilDue(), deadline - Date.now()),
      async () => ((await loadLink(db, link.sessionId))?.status ?? from) !== from,
      signal,
    );
    if (woken) {
      current = (await loadLink(db, link.sessionId)) ?? current;
    } else if (schedule.isDue()) {
      current = await refreshed(db, current);
      schedule.advance();
    }
    if (current.status !== from) break;
  }
  return current;
}

/** The account's link as it now stands, after waiting up to `waitSec` for its status to change. */
export async function linkStatus(
  db: Db,
  input: { accountId: string; sessionId: string; waitSec: number; signal?: AbortSignal },
): Promise<CheckoutLink> {
  let link = await ownLink(db, input.accountId, input.sessionId);
  const initial = link.status;
  if (!isFinal(link.status)) link = await refreshed(db, link);
  if (input.waitSec > 0 && link.status === initial && !isFinal(link.status)) {
    const deadline = Date.now() + input.waitSec * 1000;
    await markAgentWaiting(db, link.sessionId, deadline);
    link = await waitForChange(db, link, deadline, new RefreshSchedule(), input.signal);
  }
  return link;
}

/** What a watch reports: the link's status (at once, then on every change), a quiet round, the end. */
export type LinkWatchEvent =
  | { kind: "status"; link: CheckoutLink }
  | { kind: "unchanged" }
  | { kind: "end"; status: CheckoutLink["status"] };

/**
 * Follows a link until it reaches a final state, `maxSec` passes or `signal` aborts (the door
 * streams it as Server-Sent Events). Ownership is checked before this returns, so a foreign
 * session is a plain 404 rather than a stream; one refresh schedule spans the whole watch.
 */
export async function watchLink(
  db: Db,
  input: { accountId: string; sessionId: string; maxSec: number; signal: AbortSignal },
): Promise<AsyncGenerator<LinkWatchEvent, void, undefined>> {
  const owned = await ownLink(db, input.accountId, input.sessionId);
  const deadline = Date.now() + input.maxSec * 1000;
  return (async function* () {
    let link = isFinal(owned.status) ? owned : await refreshed(db, owned);
    yield { kind: "status", link };
    if (!isFinal(link.status)) await markAgentWaiting(db, link.sessionId, deadline);
    const schedule = new RefreshSchedule();
    while (!isFinal(link.status) && Date.now() < deadline && !input.signal.aborted) {
      const round = Math.min(deadline, Date.now() + WATCH_ROUND_MS);
      const next = await waitForChange(db, link, round, schedule, input.signal);
      yield next.status !== link.status ? { kind: "status", link: next } : { kind: "unchanged" };
      link = next;
    }
    yield { kind: "end", status: link.status };
  })();
}
