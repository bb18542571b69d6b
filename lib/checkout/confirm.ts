/**
 * POST /wallet/confirm-checkout: the agent's explicit "did the human pay?". Fulfils if nothing has
 * yet, else answers the same credit with `alreadyConfirmed`. Unpaid → 409, expired → 410,
 * another account's session → 404.
 */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { LedgerEntry } from "@/lib/wallet/ledger";
import { ownLink, syncLink } from "./links";

/** A paid funding session, credited: by this call, or earlier (`alreadyConfirmed`) by any other. */
export interface CheckoutConfirmed {
  sessionId: string;
  alreadyConfirmed: boolean;
  /** The wallet credit. */
  entry: LedgerEntry;
  balanceMinor: number;
}

export async function confirmFundingCheckout(
  db: Db,
  input: { accountId: string; sessionId: string },
): Promise<CheckoutConfirmed> {
  const link = await ownLink(db, input.accountId, input.sessionId);
  if (link.purpose !== "fund") {
    throw new AppError(
      "conflict",
      "This Checkout session is for a subscription: use POST /subscriptions/confirm-checkout.",
    );
  }
  const synced = await syncLink(db, link.sessionId, "confirm");
  if (!synced) throw new AppError("not_found", "Checkout session not found.");
  const { outcome } = synced;
  if (outcome.kind === "expired" || synced.link?.status === "canceled" || synced.link?.status === "expired") {
    throw new AppError(
      "checkout_expired",
      "This Checkout session expired without payment. Create a new payment link.",
      {
        details: { session_id: link.sessionId, status: synced.link?.status ?? "expired" },
      },
    );
  }
  if (outcome.kind !== "fulfilled" || !("posting" in outcome)) {
    throw new AppError(
      "checkout_not_paid",
      "The Checkout session has not been paid yet. Wait for the human, or poll the payment link's status.",
      {
        details: { session_id: link.sessionId, status: "open" },
        headers: { "Retry-After": "5" },
      },
    );
  }
  const { posting } = outcome;
  return {
    sessionId: link.sessionId,
    alreadyConfirmed: outcome.alreadyFulfilled,
    entry: posting.entry,
    balanceMinor: posting.wallet.balanceMinor,
  };
}
