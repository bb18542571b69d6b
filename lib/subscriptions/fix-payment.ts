/**
 * `POST /subscriptions/{id}/fix-payment`: pays the subscription's unpaid invoice now, with the
 * agent present (so 3-D Secure can be asked for), using a new card when one is given — which then
 * becomes the card renewals charge — or the subscription's own card. A past_due subscription is
 * active again as soon as the invoice is paid.
 */

import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { defaultCard } from "@/lib/payments/cards";
import { declinedError, type PendingPayment } from "@/lib/payments/intent-outcome";
import { providerError } from "@/lib/stripe/errors";
import { retrieveInvoice } from "@/lib/stripe/subscriptions";
import {
  applyUpdate,
  freshOwnSubscription,
  type InvoiceBrief,
  impossible,
  invoiceBriefOf,
  type MutationInput,
  stripeKeyFor,
} from "./mutation";
import { payInvoiceOnSession } from "./pay-invoice";
import { refreshSubscription, type SubscriptionRow } from "./sync";

export interface FixPaymentInput extends MutationInput {
  paymentMethodId?: string | undefined;
  planCategory?: string | undefined;
  stripeSubscriptionId?: string | undefined;
}

/** The unpaid invoice is paid now, or its payment waits for a person (3-D Secure). */
export type FixedPayment =
  | { kind: "paid"; subscription: SubscriptionRow; invoice: InvoiceBrief; paymentIntentId: string | null }
  | {
      kind: "requires_action";
      subscription: SubscriptionRow;
      invoice: InvoiceBrief;
      payment: PendingPayment;
    };

export async function fixSubscriptionPayment(db: Db, input: FixPaymentInput): Promise<FixedPayment> {
  const row = await freshOwnSubscription(db, input);
  if (input.planCategory && input.planCategory !== row.category) {
    const message = `subscription ${row.id} is in the ${row.category} category, not ${input.planCategory}`;
    throw new AppError("validation_error", `plan_category: ${message}.`, {
      details: { plan_category: [message] },
    });
  }
  if (input.stripeSubscriptionId && input.stripeSubscriptionId !== row.stripeSubscriptionId) {
    const message = `does not match subscription ${row.id}`;
    throw new AppError("validation_error", `stripe_subscription_id: ${message}.`, {
      details: { stripe_subscription_id: [message] },
    });
  }
  if (["canceled", "incomplete_expired"].includes(row.status)) {
    throw impossible(
      row,
      "fix_payment",
      "It has ended; subscribe again with POST /api/agents/v1/subscriptions.",
    );
  }
  const invoice = row.latestInvoiceId
    ? await retrieveInvoice(row.latestInvoiceId).catch((e: unknown) => Promise.reject(providerError(e)))
    : null;
  if (invoice?.status !== "open") {
    throw impossible(row, "fix_payment", "Nothing is owed: its latest invoice is paid.");
  }
  const key = stripeKeyFor(input, "fix_payment");
  const outcome = await payInvoiceOnSession(db, {
    accountId: input.accountId,
    userId: input.userId,
    subscriptionId: row.id,
    invoice,
    paymentMethodId: input.paymentMethodId,
    defaultPaymentMethodId: row.defaultPaymentMethodId ?? (await defaultCard(db, row.accountId))?.id,
    stripeKey: key,
  });
  if (outcome.kind === "declined") {
    throw declinedError(outcome, { subscription_id: row.id, invoice_id: invoice.id });
  }
  let current =
    (await refreshSubscription(db, row.stripeSubscriptionId, { accountId: row.accountId })) ?? row;
  if (outcome.kind === "requires_action") {
    return {
      kind: "requires_action",
      subscription: current,
      invoice: invoiceBriefOf(invoice),
      payment: outcome,
    };
  }
  if (input.paymentMethodId && current.defaultPaymentMethodId !== input.paymentMethodId) {
    current = (
      await applyUpdate(db, current, { default_payment_method: input.paymentMethodId }, `${key}_default_card`)
    ).row;
  }
  const paid = await retrieveInvoice(invoice.id).catch(() => invoice);
  return {
    kind: "paid",
    subscription: current,
    // The number it was issued with (a re-read that failed leaves the open invoice's figures).
    invoice: { ...invoiceBriefOf(paid), number: invoice.number },
    paymentIntentId: outcome.paymentIntentId,
  };
}
