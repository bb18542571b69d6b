/**
 * Card payment attempts (declined, waiting for 3-D Secure, succeeded) — the wallet's transactions
 * list only money that moved, so this is where a person sees what did not go through.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import type { Payment } from "./settle-payment";

/** The account's card payments, newest first. */
export async function listPaymentAttempts(
  db: Db,
  input: { accountId: string; limit: number },
): Promise<Payment[]> {
  return db
    .select()
    .from(payments)
    .where(eq(payments.accountId, input.accountId))
    .orderBy(desc(payments.createdAt))
    .limit(input.limit);
}
