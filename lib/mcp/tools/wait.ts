/**
 * `agent-wait`: hold a call open until a hand-off finishes — a payment link a human pays, a payment
 * waiting on 3-D Secure — so an agent needs no polling loop of its own. Each is the HTTP API's
 * long poll (`?wait=`) repeated in rounds up to `timeout_sec`; between rounds a client that sent a
 * progress token hears that the call is alive (and can keep its own request timeout from firing).
 */
import { z } from "zod";
import { linkStatus } from "@/lib/checkout/link-status";
import type { CheckoutLink } from "@/lib/checkout/links";
import { sessionIdSchema } from "@/lib/checkout/schemas";
import { presentLink } from "@/lib/http/present/checkout";
import { presentPaymentStatus } from "@/lib/http/present/payments";
import { getPaymentStatus, isPendingPayment } from "@/lib/wallet/payment-status";
import { action, type McpTool } from "../action";
import { paymentIntentArg } from "./wallet";

const ROUND_SEC = 15;
export const WAIT_DEFAULT_SEC = 50;
export const WAIT_MAX_SEC = 600;

const timeoutArg = z
  .number()
  .int()
  .min(0)
  .max(WAIT_MAX_SEC)
  .default(WAIT_DEFAULT_SEC)
  .describe(
    `How long to wait at most, in seconds (default ${WAIT_DEFAULT_SEC}, at most ${WAIT_MAX_SEC}). Clients whose own request timeout is shorter should send a progress token or wait again.`,
  );

const linkIsFinal = (status: CheckoutLink["status"]) =>
  status === "fulfilled" || status === "expired" || status === "canceled";

/** Runs `round(seconds)` until `done` or the deadline, telling the client after each quiet round. */
async function waitInRounds<T>(
  timeoutSec: number,
  signal: AbortSignal,
  progress: (message: string) => Promise<void>,
  round: (seconds: number) => Promise<T>,
  done: (value: T) => boolean,
  report: (value: T) => string,
): Promise<{ value: T; finished: boolean }> {
  const deadline = Date.now() + timeoutSec * 1000;
  let value = await round(0);
  while (!done(value) && !signal.aborted) {
    const left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) break;
    value = await round(Math.min(ROUND_SEC, left));
    if (!done(value)) await progress(report(value));
  }
  return { value, finished: done(value) };
}

export const waitTool: McpTool = {
  name: "agent-wait",
  title: "Wait for a hand-off",
  description:
    "Wait until something a person or the bank must finish is finished: a payment link paid on Checkout (payment-link), a card payment waiting on 3-D Secure (payment). Answers at once when it is already final; finished: false when timeout_sec ran out first (call again).",
  actions: {
    "payment-link": action({
      http: "GET /billing/payment-link/[sessionId]",
      description: "Wait for a payment link (session_id cs_…) to be fulfilled, expire or be canceled.",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      input: z.object({ session_id: sessionIdSchema, timeout_sec: timeoutArg }),
      run: async ({ db, principal, input, signal, progress }) => {
        const { value, finished } = await waitInRounds(
          input.timeout_sec,
          signal,
          progress,
          (waitSec) =>
            linkStatus(db, { accountId: principal.accountId, sessionId: input.session_id, waitSec, signal }),
          (link) => linkIsFinal(link.status),
          (link) => `payment link ${link.status}; still waiting`,
        );
        return { ...presentLink(value), finished };
      },
    }),
    payment: action({
      http: "GET /payments/[id]/status",
      description: "Wait for a card payment (payment_intent_id pi_…) to leave requires_action or processing.",
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      input: z.object({ payment_intent_id: paymentIntentArg, timeout_sec: timeoutArg }),
      run: async ({ db, principal, input, signal, progress }) => {
        const { value, finished } = await waitInRounds(
          input.timeout_sec,
          signal,
          progress,
          (waitSec) =>
            getPaymentStatus(db, {
              accountId: principal.accountId,
              paymentIntentId: input.payment_intent_id,
              waitSec,
              signal,
            }),
          (payment) => !isPendingPayment(payment),
          (payment) => `payment ${payment.status}; still waiting`,
        );
        return { ...presentPaymentStatus(value), finished };
      },
    }),
  },
};
