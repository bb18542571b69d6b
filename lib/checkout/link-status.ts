/**
 * GET /billing/payment-link/{session_id}: the link's status, optionally held open (`wait`) until it
 * changes. The waiter subscribes to the link's wake-up channel first, then checks, then sleeps;
 * it also re-reads Stripe every few seconds, so a lost wake-up or webhook only costs a little delay.
 */
import type { Db } from "@/lib/db/client";
import { waitForMessage } from "@/lib/notify/notifier";
import { type CheckoutLink, linkChannel, loadLink, markAgentWaiting, ownLink, syncLink } from "./links";
import { presentLink } from "./present";

const STRIPE_REFRESH_MS = 5_000;
const isFinal = (s: CheckoutLink["status"]) => s === "fulfilled" || s === "expired" || s === "canceled";

export async function linkStatus(
  db: Db,
  input: { accountId: string; sessionId: string; waitSec: number; signal?: AbortSignal },
) {
  let link = await ownLink(db, input.accountId, input.sessionId);
  const initial = link.status;
  if (!isFinal(link.status)) link = (await syncLink(db, link.sessionId, "status_poll"))?.link ?? link;
  const deadline = Date.now() + input.waitSec * 1000;
  if (input.waitSec > 0 && link.status === initial && !isFinal(link.status)) {
    await markAgentWaiting(db, link.sessionId, deadline);
    while (Date.now() < deadline && !input.signal?.aborted) {
      const changed = await waitForMessage(
        linkChannel(link.sessionId),
        Math.min(STRIPE_REFRESH_MS, deadline - Date.now()),
        async () => ((await loadLink(db, link.sessionId))?.status ?? initial) !== initial,
        input.signal,
      );
      link = changed
        ? ((await loadLink(db, link.sessionId)) ?? link)
        : ((await syncLink(db, link.sessionId, "status_poll"))?.link ?? link);
      if (link.status !== initial) break;
    }
  }
  return presentLink(link);
}

/** Server-Sent Events: the current status at once, then every change until a final state or `maxSec`. */
export function linkStatusStream(
  db: Db,
  input: { accountId: string; sessionId: string; maxSec: number; signal: AbortSignal },
) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const deadline = Date.now() + input.maxSec * 1000;
      try {
        let view = await linkStatus(db, { ...input, waitSec: 0 });
        send("status", view);
        while (!isFinal(view.status) && Date.now() < deadline && !input.signal.aborted) {
          const next = await linkStatus(db, {
            ...input,
            waitSec: Math.min(15, Math.ceil((deadline - Date.now()) / 1000)),
          });
          if (next.status !== view.status) send("status", next);
          else controller.enqueue(encoder.encode(": keep-alive\n\n"));
          view = next;
        }
        send("end", { status: view.status });
      } catch (error) {
        send("error", { message: error instanceof Error ? error.message : "stream failed" });
      } finally {
        controller.close();
      }
    },
  });
}
