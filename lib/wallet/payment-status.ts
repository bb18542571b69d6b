/**
 * GET /payments/{id}/status, optionally long-polling (`wait` seconds) until the payment leaves
 * `pending`. Only payments Onramp recorded for the account are answered: an unknown or foreign id
 * is a 404 without asking Stripe (a guessed `pi_…` must not spend the account's Stripe rate limit).
 * While waiting it watches the database (the webhook and the 3-D Secure return page settle there)
 * and re-reads the PaymentIntent from Stripe on a backing-off schedule, so a waiting agent is
 * answered even if the webhook is lost.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { notFound } from "@/lib/errors";
import { RefreshSchedule } from "@/lib/pubsub/refresh-schedule";
import { isStripeNotFound } from "@/lib/stripe/errors";
import { retrievePaymentIntent } from "@/lib/stripe/payments";
import { type Payment, settlePaymentIntent } from "./settle-payment";

/** Database reads only: cheap, and how a webhook's settlement reaches the waiter. */
const POLL_MS = 500;

/** Still waiting for a person (3-D Secure) or the bank. */
export const isPendingPayment = (p: Payment) => p.status === "requires_action" || p.status === "processing";

async function load(db: Db, accountId: string, id: string): Promise<Payment | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), eq(payments.accountId, accountId)));
  return row;
}

/** Re-reads the intent at Stripe and settles it; only for intents made for this account. */
async function refresh(db: Db, accountId: string, id: string): Promise<Payment | undefined> {
  try {
    const intent = await retrievePaymentIntent(id);
    if (intent.metadata?.onramp_account_id !== accountId) return undefined;
    const { payment } = await settlePaymentIntent(db, intent, { actor: { userId: null, kind: "system" } });
    return payment ?? undefined;
  } catch (error) {
    if (isStripeNotFound(error)) return undefined;
    throw error;
  }
}

/** The account's payment as it now stands, after waiting up to `waitSec` for a pending one to settle. */
export async function getPaymentStatus(
  db: Db,
  input: { accountId: string; paymentIntentId: string; waitSec: number; signal?: AbortSignal },
): Promise<Payment> {
  let payment = await load(db, input.accountId, input.paymentIntentId);
  // Unknown, or another account's: the same 404 either way.
  if (!payment) throw notFound("Payment");
  const deadline = Date.now() + input.waitSec * 1000;
  const schedule = new RefreshSchedule();
  if (isPendingPayment(payment) && input.waitSec === 0)
    payment = (await refresh(db, input.accountId, payment.id)) ?? payment;
  while (isPendingPayment(payment) && Date.now() < deadline && !input.signal?.aborted) {
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    if (schedule.isDue()) {
      payment = (await refresh(db, input.accountId, payment.id)) ?? payment;
      schedule.advance();
    } else {
      payment = (await load(db, input.accountId, payment.id)) ?? payment;
    }
  }
  return payment;
}
