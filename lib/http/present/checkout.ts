/**
 * The agents API's payment-link answers: the link itself, the instructions for handing it to a
 * human, the no-card answers of /wallet/fund and /subscriptions, confirm-checkout, and the link's
 * status as Server-Sent Events.
 */
import type { CheckoutConfirmed } from "@/lib/checkout/confirm";
import type { LinkWatchEvent } from "@/lib/checkout/link-status";
import type { CheckoutLink } from "@/lib/checkout/links";
import { env } from "@/lib/env";
import { minorToUsd } from "@/lib/money";
import { isShuttingDown } from "@/lib/shutdown";
import { presentTransaction } from "./wallet";

/** Where an agent waits on a link (GET …/billing/payment-link/{session_id}). */
export const linkStatusUrl = (link: CheckoutLink) =>
  `${env().appUrl}/api/agents/v1/billing/payment-link/${link.sessionId}`;

/** A payment link, for the create, status and confirm answers. */
export function presentLink(link: CheckoutLink) {
  return {
    session_id: link.sessionId,
    status: link.status,
    purpose: link.purpose,
    ...(link.purpose === "fund"
      ? { amount: link.amountMinor === null ? null : minorToUsd(link.amountMinor) }
      : { plan_id: link.planId }),
    currency: "USD",
    payment_url: link.url,
    expires_at: link.expiresAt.toISOString(),
    fulfilled_at: link.fulfilledAt?.toISOString() ?? null,
    status_url: linkStatusUrl(link),
  };
}

/** What an agent does with a new link: hand it to a human, then wait on its status. */
function handOffInstructions(link: CheckoutLink): string {
  return (
    `Send payment_url to a human: ${link.url}. It is Stripe's hosted Checkout page and expires in 30 minutes. ` +
    `Then wait for the result with GET ${linkStatusUrl(link)}?wait=60 (repeat until status is "fulfilled", "expired" or "canceled"; ` +
    `or send Accept: text/event-stream to stream it). ` +
    (link.purpose === "fund"
      ? "The wallet is credited automatically when the human pays; POST /api/agents/v1/wallet/confirm-checkout with the session_id also works."
      : "The subscription starts automatically when the human pays; POST /api/agents/v1/subscriptions/confirm-checkout with the session_id also works.")
  );
}

/** POST /billing/payment-link (201). */
export function presentCreatedLink(link: CheckoutLink) {
  return { ...presentLink(link), instructions: handOffInstructions(link) };
}

/** POST /wallet/fund without a card: the link, also as the contract's `checkout_url`. */
export function presentFundingCheckout(link: CheckoutLink) {
  return { checkout_url: link.url, ...presentCreatedLink(link), payment: { status: "requires_checkout" } };
}

/** POST /wallet/confirm-checkout. */
export function presentCheckoutConfirmed(c: CheckoutConfirmed) {
  return {
    session_id: c.sessionId,
    status: "fulfilled",
    already_confirmed: c.alreadyConfirmed,
    amount: minorToUsd(c.entry.amountMinor),
    balance: minorToUsd(c.balanceMinor),
    currency: "USD",
    transaction: presentTransaction(c.entry),
  };
}

/**
 * GET /billing/payment-link/{id} with Accept: text/event-stream: a `status` event at once and on
 * every change, a keep-alive comment on a quiet round, `end` with the last status (or `error`).
 */
const SHUTDOWN_RETRY_MS = 1_000;

export function linkStatusStream(events: AsyncIterable<LinkWatchEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      try {
        for await (const event of events) {
          if (event.kind === "status") send("status", presentLink(event.link));
          else if (event.kind === "unchanged") controller.enqueue(encoder.encode(": keep-alive\n\n"));
          else if (isShuttingDown()) {
            // The instance is draining: tell the client to reconnect (to another instance) soon.
            controller.enqueue(encoder.encode(`retry: ${SHUTDOWN_RETRY_MS}\n`));
            send("end", {
              status: event.status,
              reason: "server_shutdown",
              retry_after_ms: SHUTDOWN_RETRY_MS,
            });
          } else send("end", { status: event.status });
        }
      } catch (error) {
        send("error", { message: error instanceof Error ? error.message : "stream failed" });
      } finally {
        controller.close();
      }
    },
  });
}
