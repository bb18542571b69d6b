/**
 * Subscription and invoice webhooks. Like every handler, they never trust the event's snapshot:
 * the subscription (and the invoice's PaymentIntent) are re-read from Stripe and synced, so an
 * event delivered twice, late or before the one it follows leaves the same final state. A failed
 * renewal additionally emails the owner, once per invoice. The inbox's table
 * (lib/stripe-events/handlers.ts) maps the event types to these.
 */
import { and, eq, isNull, ne, or } from "drizzle-orm";
import { accountOwner } from "@/lib/accounts/account-owner";
import { recordAuditOnce } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send-mail";
import { subscriptionPaymentFailedEmail } from "@/lib/mail/templates/subscription";
import { formatUsd } from "@/lib/money";
import { isStripeNotFound } from "@/lib/stripe/errors";
import {
  type Invoice,
  invoicePaymentIntentId,
  retrieveIntent,
  retrieveInvoice,
} from "@/lib/stripe/subscriptions";
import { recordInvoiceIntent } from "./pay-invoice";
import { findPlan } from "./plans";
import { refreshSubscription, type SubscriptionRow } from "./sync";

const subscriptionOfInvoice = (invoice: Invoice): string | null => {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
};

const dateLabel = (sec: number | null | undefined) =>
  sec
    ? new Date(sec * 1000).toLocaleDateString("en-US", {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      })
    : null;

/** Emails the owner about a failed renewal, once per invoice however often the event comes. */
async function notifyRenewalFailed(
  db: Db,
  row: SubscriptionRow,
  invoice: Invoice,
  reason: string,
): Promise<void> {
  const [claimed] = await db
    .update(subscriptions)
    .set({ failureNotifiedInvoiceId: invoice.id })
    .where(
      and(
        eq(subscriptions.id, row.id),
        or(
          isNull(subscriptions.failureNotifiedInvoiceId),
          ne(subscriptions.failureNotifiedInvoiceId, invoice.id),
        ),
      ),
    )
    .returning({ id: subscriptions.id });
  if (!claimed) return;
  const to = (await accountOwner(db, row.accountId))?.email ?? null;
  if (!to) return;
  await sendMail(db, {
    to,
    template: "subscription-payment-failed",
    ...subscriptionPaymentFailedEmail({
      appUrl: env().appUrl,
      planName: findPlan(row.planId)?.name ?? `plan ${row.planId}`,
      amount: formatUsd(invoice.amount_due),
      reason,
      subscriptionId: row.id,
      invoiceNumber: invoice.number ?? invoice.id,
      nextAttempt: dateLabel(invoice.next_payment_attempt),
    }),
  });
}

export async function onSubscriptionEvent(db: Db, _event: unknown, id: string): Promise<void> {
  await refreshSubscription(db, id);
}

export async function onInvoiceEvent(db: Db, event: { type: string }, id: string): Promise<void> {
  let invoice: Invoice;
  try {
    invoice = await retrieveInvoice(id);
  } catch (error) {
    if (isStripeNotFound(error)) return;
    throw error;
  }
  const stripeSubscriptionId = subscriptionOfInvoice(invoice);
  if (!stripeSubscriptionId) return;
  const row = await refreshSubscription(db, stripeSubscriptionId);
  if (!row) return;
  const piId = invoicePaymentIntentId(invoice);
  const intent = piId ? await retrieveIntent(piId) : null;
  if (intent) await recordInvoiceIntent(db, row.accountId, intent, null);
  if (invoice.status === "paid" && invoice.billing_reason === "subscription_cycle") {
    await recordAuditOnce(db, {
      accountId: row.accountId,
      action: "subscription.renewed",
      targetType: "invoice",
      targetId: invoice.id,
      data: { subscription_id: row.id, plan_id: row.planId, amount_paid_minor: invoice.amount_paid },
    });
  }
  const failedRenewal =
    event.type === "invoice.payment_failed" &&
    invoice.status === "open" &&
    invoice.billing_reason === "subscription_cycle" &&
    (row.status === "past_due" || row.status === "unpaid");
  if (failedRenewal) {
    const error = intent?.last_payment_error;
    await notifyRenewalFailed(
      db,
      row,
      invoice,
      error?.message?.replace(/\.$/, "") ?? "the card was declined",
    ).catch((e: unknown) =>
      log().warn({ subscription_id: row.id, err: String(e) }, "renewal failure email not sent"),
    );
  }
}
