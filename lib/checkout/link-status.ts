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
import { presentLink } from "./present";

/** How long one SSE round waits before it sends a keep-alive comment. */
const STREAM_ROUND_MS = 15_000;

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

export async function linkStatus(
  db: Db,
  input: { accountId: string; sessionId: string; waitSec: number; signal?: AbortSignal },
) {
  let link = await ownLink(db, input.accountId, input.sessionId);
  const initial = link.status;
  if (!isFinal(link.status)) link = await refreshed(db, link);
  if (input.waitSec > 0 && link.status === initial && !isFinal(link.status)) {
    const deadline = Date.now() + input.waitSec * 1000;
    await markAgentWaiting(db, link.sessionId, deadline);
    link = await waitForChange(db, link, deadline, new RefreshSchedule(), input.signal);
  }
  return presentLink(link);
}

/**
 * Server-Sent Events: the current status at once, then every change until a final state or
 * `maxSec`. Ownership is checked before the stream opens, so a foreign session is a plain 404; one
 * refresh schedule spans the whole stream.
 */
export async function openLinkStatusStream(
  db: Db,
  input: { accountId: string; sessionId: string; maxSec: number; signal: AbortSignal },
): Promise<ReadableStream<Uint8Array>> {
  const owned = await ownLink(db, input.accountId, input.sessionId);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const deadline = Date.now() + input.maxSec * 1000;
      try {
        let link = isFinal(owned.status) ? owned : await refreshed(db, owned);
        send("status", presentLink(link));
        if (!isFinal(link.status)) await markAgentWaiting(db, link.sessionId, deadline);
        const schedule = new RefreshSchedule();
        while (!isFinal(link.status) && Date.now() < deadline && !input.signal.aborted) {
          const round = Math.min(deadline, Date.now() + STREAM_ROUND_MS);
          const next = await waitForChange(db, link, round, schedule, input.signal);
          if (next.status !== link.status) send("status", presentLink(next));
          else controller.enqueue(encoder.encode(": keep-alive\n\n"));
          link = next;
        }
        send("end", { status: link.status });
      } catch (error) {
        send("error", { message: error instanceof Error ? error.message : "stream failed" });
      } finally {
        controller.close();
      }
    },
  });
}
