/**
 * Moving a wallet toward what its clawbacks (refunds and disputes, see the `clawback` table) say it
 * owes, inside a transaction that holds the wallet's row lock. The wallet never goes negative: what
 * it cannot give now stays a shortfall (`taken < target`), collected from the next money that
 * comes in (`postInTx` calls `collectShortfallsInTx` after any credit to a suspended wallet).
 *
 * A clawback's entries are named by its Stripe id: the first one is `re_…` / `dp_…` itself, later
 * ones `re_…:<n>` (n = entries posted before it), so a repeat of the same step hits the ledger's
 * unique key instead of moving money twice.
 */
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { clawbacks, type LedgerKind, wallets } from "@/lib/db/schema/wallet";
import { appendLocked, findEntry, type Wallet } from "./ledger-append";

export type Clawback = typeof clawbacks.$inferSelect;

const TAKE: Record<Clawback["kind"], LedgerKind> = { refund: "refund", dispute: "dispute" };
const GIVE_BACK: Record<Clawback["kind"], LedgerKind> = {
  refund: "refund_failed",
  dispute: "dispute_release",
};

function describeMove(row: Clawback, direction: "take" | "give", shortfallCollection: boolean): string {
  if (direction === "give") {
    return row.kind === "refund"
      ? `Refund ${row.id} failed at the card network: credited back`
      : `Dispute ${row.id} closed in your favour: hold released`;
  }
  if (shortfallCollection) return `Balance owed for ${row.kind} ${row.id}, collected`;
  if (row.kind === "refund")
    return `Refund ${row.id} to the card of payment ${row.paymentIntentId ?? row.chargeId}`;
  return row.state === "final"
    ? `Dispute ${row.id} lost: payment ${row.paymentIntentId ?? row.chargeId} reversed`
    : `Held while payment ${row.paymentIntentId ?? row.chargeId} is disputed (${row.id})`;
}

/**
 * One step toward the row's target: take what the wallet holds (up to the gap) or give back the
 * excess. Returns the wallet and row after it; no entry when there is nothing to move.
 */
export async function settleClawbackInTx(
  tx: Tx,
  wallet: Wallet,
  row: Clawback,
  cause: { causeRef: string | null; shortfallCollection?: boolean },
): Promise<{ wallet: Wallet; row: Clawback }> {
  const gap = row.targetMinor - row.takenMinor;
  if (gap === 0) return { wallet, row };
  const direction = gap > 0 ? "take" : "give";
  const key = {
    kind: direction === "take" ? TAKE[row.kind] : GIVE_BACK[row.kind],
    source: "stripe" as const,
    externalId: row.moves === 0 ? row.id : `${row.id}:${row.moves}`,
  };
  // A reversal an earlier version posted by refund id, before clawbacks were tracked: count it as
  // this step instead of tripping over the ledger's unique key (a later call settles any rest).
  const earlier = row.moves === 0 ? await findEntry(tx, key) : undefined;
  if (earlier) return { wallet, row: await recordMove(tx, row, earlier.amountMinor) };
  const moved = direction === "take" ? -Math.min(gap, wallet.balanceMinor) : -gap;
  if (moved === 0) return { wallet, row };
  const { wallet: after } = await appendLocked(tx, wallet, {
    accountId: row.accountId,
    amountMinor: moved,
    ...key,
    description: describeMove(row, direction, cause.shortfallCollection ?? false),
    actor: { userId: null, kind: "system" },
    causeRef: cause.causeRef,
    metadata: {
      clawback_id: row.id,
      charge_id: row.chargeId,
      payment_intent_id: row.paymentIntentId,
      stripe_status: row.stripeStatus,
      stripe_amount_minor: row.amountMinor,
      bonus_minor: row.bonusMinor,
      owed_after_minor: row.targetMinor - (row.takenMinor - moved),
    },
  });
  return { wallet: after, row: await recordMove(tx, row, moved) };
}

async function recordMove(tx: Tx, row: Clawback, moved: number): Promise<Clawback> {
  const [updated] = await tx
    .update(clawbacks)
    .set({ takenMinor: row.takenMinor - moved, moves: row.moves + 1, updatedAt: new Date() })
    .where(eq(clawbacks.id, row.id))
    .returning();
  if (!updated) throw new Error(`clawback ${row.id} vanished`);
  return updated;
}

/** Takes what the wallet holds toward the account's unpaid clawbacks, oldest first. */
export async function collectShortfallsInTx(
  tx: Tx,
  wallet: Wallet,
  causeRef: string | null,
): Promise<Wallet> {
  let current = wallet;
  const owed = await tx
    .select()
    .from(clawbacks)
    .where(and(eq(clawbacks.accountId, wallet.accountId), lt(clawbacks.takenMinor, clawbacks.targetMinor)))
    .orderBy(asc(clawbacks.createdAt), asc(clawbacks.id))
    .for("update");
  for (const row of owed) {
    if (current.balanceMinor <= 0) break;
    ({ wallet: current } = await settleClawbackInTx(tx, current, row, {
      causeRef,
      shortfallCollection: true,
    }));
  }
  return current;
}

/**
 * Suspends spending while a dispute is open or a clawback is not yet covered, and lifts it once
 * neither holds. Returns the wallet as it now is.
 */
export async function refreshSuspensionInTx(tx: Tx, wallet: Wallet): Promise<Wallet> {
  const [state] = await tx
    .select({
      disputeOpen: sql<boolean>`coalesce(bool_or(${clawbacks.kind} = 'dispute' and ${clawbacks.state} = 'open'), false)`,
      unpaid: sql<boolean>`coalesce(bool_or(${clawbacks.takenMinor} < ${clawbacks.targetMinor}), false)`,
    })
    .from(clawbacks)
    .where(eq(clawbacks.accountId, wallet.accountId));
  const reason = state?.disputeOpen ? "dispute_open" : state?.unpaid ? "unpaid_clawback" : null;
  if (reason === wallet.spendingSuspendedReason) return wallet;
  const [updated] = await tx
    .update(wallets)
    .set({
      spendingSuspendedReason: reason,
      spendingSuspendedAt: reason === null ? null : (wallet.spendingSuspendedAt ?? new Date()),
      updatedAt: new Date(),
    })
    .where(eq(wallets.id, wallet.id))
    .returning();
  return updated ?? wallet;
}
