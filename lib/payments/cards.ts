/**
 * Saved cards. Stripe is the source of truth; the `payment_method` table mirrors brand, last4,
 * expiry and the default flag so pages and auto-funding need no Stripe round trip. Every call
 * checks the card belongs to the acting account (another account's card is a 404).
 */

import { randomUUID } from "node:crypto";
import { and, asc, eq, ne } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { paymentMethods } from "@/lib/db/schema/wallet";
import { AppError, notFound } from "@/lib/errors";
import { cardFailure, isStripeNotFound, providerError } from "@/lib/stripe/errors";
import {
  attachPaymentMethod,
  detachPaymentMethod,
  listCustomerCards,
  type PaymentMethod,
  retrievePaymentMethod,
  setDefaultPaymentMethod,
} from "@/lib/stripe/payments";
import { ensureStripeCustomer } from "./customer";

export type SavedCard = typeof paymentMethods.$inferSelect;

/** Upserts the mirror row of a card attached to the account's customer. */
export async function mirrorCard(db: Db, accountId: string, pm: PaymentMethod): Promise<SavedCard | null> {
  if (!pm.card) return null;
  const values = {
    id: pm.id,
    accountId,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
  const [row] = await db
    .insert(paymentMethods)
    .values(values)
    .onConflictDoUpdate({
      target: paymentMethods.id,
      set: { brand: values.brand, last4: values.last4, expMonth: values.expMonth, expYear: values.expYear },
    })
    .returning();
  // The first card becomes the default so auto-funding has something to charge.
  const [hasDefault] = await db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.accountId, accountId), eq(paymentMethods.isDefault, true)));
  if (!hasDefault && row) return markDefault(db, accountId, row.id);
  return row ?? null;
}

async function markDefault(db: Db, accountId: string, id: string): Promise<SavedCard | null> {
  return db.transaction(async (tx) => {
    await tx
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.accountId, accountId), ne(paymentMethods.id, id)));
    const [row] = await tx
      .update(paymentMethods)
      .set({ isDefault: true })
      .where(and(eq(paymentMethods.accountId, accountId), eq(paymentMethods.id, id)))
      .returning();
    return row ?? null;
  });
}

/** The card's audit entry: brand and last four only, as everywhere we show a card. */
async function auditCard(db: Db, card: SavedCard, action: string): Promise<void> {
  await recordAudit(db, {
    accountId: card.accountId,
    action,
    targetType: "payment_method",
    targetId: card.id,
    data: { brand: card.brand, last4: card.last4, is_default: card.isDefault },
  });
}

async function ownCard(db: Db, accountId: string, id: string): Promise<SavedCard> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.accountId, accountId), eq(paymentMethods.id, id)));
  if (!row) throw notFound("Payment method");
  return row;
}

/** Re-reads the customer's cards from Stripe into the mirror, then lists the mirror. */
export async function listCards(db: Db, accountId: string): Promise<SavedCard[]> {
  const customerId = await ensureStripeCustomer(db, accountId);
  try {
    const remote = await listCustomerCards(customerId);
    const ids = new Set(remote.data.map((pm) => pm.id));
    for (const pm of remote.data) await mirrorCard(db, accountId, pm);
    const local = await db.select().from(paymentMethods).where(eq(paymentMethods.accountId, accountId));
    for (const row of local) {
      if (!ids.has(row.id)) await db.delete(paymentMethods).where(eq(paymentMethods.id, row.id));
    }
  } catch (error) {
    throw providerError(error);
  }
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.accountId, accountId))
    .orderBy(asc(paymentMethods.createdAt));
}

export async function addCard(
  db: Db,
  input: {
    accountId: string;
    paymentMethodId: string;
    makeDefault: boolean;
    idempotencyRecordId: string | null;
  },
): Promise<SavedCard> {
  const customerId = await ensureStripeCustomer(db, input.accountId);
  let pm: PaymentMethod;
  try {
    // Without an Idempotency-Key, a fresh Stripe key per call: a key derived from the card alone
    // replayed the first attach after the card was removed, and the stale "attached" answer then
    // failed later (a 500). Attaching twice to the same customer is harmless anyway.
    pm = await attachPaymentMethod(
      input.paymentMethodId,
      customerId,
      `onramp_${input.idempotencyRecordId ?? `attach_${randomUUID()}`}_attach`,
    );
  } catch (error) {
    const card = cardFailure(error);
    if (card) {
      throw new AppError("payment_declined", card.message, {
        details: { decline_code: card.declineCode, payment_method_id: input.paymentMethodId },
      });
    }
    if (isStripeNotFound(error)) throw notFound("Payment method");
    const mapped = providerError(error);
    if (mapped !== error) throw mapped;
    throw new AppError("validation_error", `payment_method_id: ${(error as Error).message}`, {
      details: { payment_method_id: [(error as Error).message] },
    });
  }
  const row = await mirrorCard(db, input.accountId, pm);
  if (!row)
    throw new AppError("validation_error", "payment_method_id: only card payment methods are supported.");
  await auditCard(db, row, "payment_method.added");
  if (input.makeDefault && !row.isDefault) return setDefaultCard(db, input.accountId, row.id);
  if (row.isDefault)
    await setDefaultPaymentMethod(customerId, row.id).catch((e) => Promise.reject(providerError(e)));
  return row;
}

export async function setDefaultCard(db: Db, accountId: string, id: string): Promise<SavedCard> {
  await ownCard(db, accountId, id);
  const customerId = await ensureStripeCustomer(db, accountId);
  await setDefaultPaymentMethod(customerId, id).catch((e) => Promise.reject(providerError(e)));
  const row = await markDefault(db, accountId, id);
  if (!row) throw notFound("Payment method");
  await auditCard(db, row, "payment_method.default_changed");
  return row;
}

/** Detaches the account's card (at Stripe too); the next card becomes the default if it was. */
export async function removeCard(db: Db, accountId: string, id: string): Promise<void> {
  const card = await ownCard(db, accountId, id);
  try {
    await detachPaymentMethod(id);
  } catch (error) {
    if (!isStripeNotFound(error)) throw providerError(error);
  }
  await db.delete(paymentMethods).where(eq(paymentMethods.id, id));
  await auditCard(db, card, "payment_method.removed");
  if (card.isDefault) {
    const [next] = await db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.accountId, accountId))
      .orderBy(asc(paymentMethods.createdAt))
      .limit(1);
    const customerId = await ensureStripeCustomer(db, accountId);
    await setDefaultPaymentMethod(customerId, next?.id ?? null).catch(() => {});
    if (next) await markDefault(db, accountId, next.id);
  }
}

export async function defaultCard(db: Db, accountId: string): Promise<SavedCard | null> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.accountId, accountId), eq(paymentMethods.isDefault, true)));
  return row ?? null;
}

/** For webhooks: mirror a card Stripe says is attached to one of our customers. */
export async function syncCardFromStripe(db: Db, accountId: string, paymentMethodId: string) {
  const pm = await retrievePaymentMethod(paymentMethodId);
  return mirrorCard(db, accountId, pm);
}
