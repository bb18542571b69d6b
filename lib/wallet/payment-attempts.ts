/**
 * Card payment attempts (declined, waiting for 3-D Secure, succeeded) — the wallet's transactions
 * list only money that moved, so this is where a person sees what did not go through.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { minorToUsd } from "@/lib/money";
import { authenticationUrl } from "@/lib/payments/intent-outcome";

export async function listPaymentAttempts(db: Db, input: { accountId: string; limit: number }) {
  const rows = await db
    .select()
    .from(payments)
    .where(eq(payments.accountId, input.accountId))
    .orderBy(desc(payments.createdAt))
    .limit(input.limit);
  return rows.map((p) => ({
    id: p.id,
    purpose: p.purpose,
    amount: minorToUsd(p.amountMinor),
    status: p.status,
    decline_code: p.declineCode,
    failure_message: p.failureMessage,
    actor: p.actorKind,
    next_action_url: p.status === "requires_action" ? authenticationUrl(p.id) : null,
    created_at: p.createdAt.toISOString(),
  }));
}

export type PaymentAttempt = Awaited<ReturnType<typeof listPaymentAttempts>>[number];
