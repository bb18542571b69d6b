/**
 * The account's Stripe customer, created on first billing use. The Stripe idempotency key is the
 * account id, so two concurrent first uses (or a retry after a crash) get the same customer.
 */
import { and, eq, isNull } from "drizzle-orm";
import { accountOwner } from "@/lib/accounts/account-owner";
import type { Db } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { notFound } from "@/lib/errors";
import { createCustomer } from "@/lib/stripe/payments";

export async function ensureStripeCustomer(db: Db, accountId: string): Promise<string> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw notFound("Account");
  if (account.stripeCustomerId) return account.stripeCustomerId;

  const owner = await accountOwner(db, accountId);
  const customer = await createCustomer(
    { email: owner?.email ?? `${account.username}@accounts.invalid`, name: account.name, accountId },
    `onramp_customer_${accountId}`,
  );
  await db
    .update(accounts)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(accounts.id, accountId), isNull(accounts.stripeCustomerId)));
  const [after] = await db
    .select({ id: accounts.stripeCustomerId })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return after?.id ?? customer.id;
}

/** The account that owns a Stripe customer id, for webhooks that only carry the customer. */
export async function accountIdForCustomer(db: Db, customerId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.stripeCustomerId, customerId));
  return row?.id ?? null;
}
