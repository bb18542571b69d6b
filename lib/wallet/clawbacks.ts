/**
 * Applies what Stripe says about a refund or a dispute to the wallet, exactly once per step,
 * whichever of the webhook (any of its events, in any order, any number of times) or the
 * reconciler gets there first. The caller passes facts it has just read from Stripe; this decides
 * what the wallet owes for them and moves it there (clawback-settle.ts).
 *
 * States only move forward — pending/open → final → released — so an older read of the same
 * object, committing after a newer one, cannot undo it:
 * - refund: `pending` (pending / requires_action: nothing owed yet) → `final` (succeeded: the
 *   amount plus its bonus share) → `released` (failed or canceled: everything given back);
 * - dispute: `open` (the disputed amount is held, spending suspended) → `final` (lost: the hold
 *   stays, plus its bonus share) or `released` (won, or an inquiry closed: the hold comes back).
 *
 * Bonus share: a purchase made with a bonus coupon (coupon-bonus.ts) paid out `bonus` on
 * `purchase`; money taken back from it takes `floor(amount × bonus / purchase)` of the bonus, and
 * the clawback that brings the purchase's total taken back to the whole purchase takes whatever
 * of the bonus is left, so partial refunds never take more than the bonus and a full one (in one
 * part or several) takes all of it. Shares are fixed once, under the wallet lock, when a clawback
 * becomes final; one that is later released gives its share back.
 */
import { and, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { clawbacks } from "@/lib/db/schema/wallet";
import { shareOfMinor } from "@/lib/money";
import {
  type Clawback,
  collectShortfallsInTx,
  refreshSuspensionInTx,
  settleClawbackInTx,
} from "./clawback-settle";
import { lockWallet, type Wallet } from "./ledger-append";

export type ClawbackState = Clawback["state"];

const RANK: Record<ClawbackState, number> = { pending: 0, open: 0, final: 1, released: 2 };

export interface ClawbackFacts {
  id: string;
  kind: Clawback["kind"];
  accountId: string;
  chargeId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  state: ClawbackState;
  stripeStatus: string;
  /** The wallet purchase the charge paid for, if it was one: its amount and the coupon bonus it earned. */
  purchase: { amountMinor: number; bonusMinor: number } | null;
}

export interface ClawbackOutcome {
  row: Clawback;
  /** The state before this call; null the first time the clawback is seen. */
  previousState: ClawbackState | null;
  /** Whether this call moved money for it (a repeat of a step already applied does not). */
  moved: boolean;
  wallet: Wallet;
}

function targetOf(state: ClawbackState, amountMinor: number, bonusMinor: number): number {
  if (state === "open") return amountMinor;
  if (state === "final") return amountMinor + bonusMinor;
  return 0;
}

async function bonusShare(tx: Tx, facts: ClawbackFacts): Promise<number> {
  const purchase = facts.purchase;
  if (!purchase || purchase.bonusMinor <= 0 || purchase.amountMinor <= 0 || !facts.paymentIntentId) return 0;
  const others = await tx
    .select({ amount: clawbacks.amountMinor, bonus: clawbacks.bonusMinor })
    .from(clawbacks)
    .where(
      and(
        eq(clawbacks.paymentIntentId, facts.paymentIntentId),
        eq(clawbacks.state, "final"),
        ne(clawbacks.id, facts.id),
      ),
    );
  const bonusTaken = others.reduce((sum, o) => sum + o.bonus, 0);
  const amountTaken = others.reduce((sum, o) => sum + o.amount, 0) + facts.amountMinor;
  const left = Math.max(0, purchase.bonusMinor - bonusTaken);
  if (amountTaken >= purchase.amountMinor) return left;
  return Math.min(left, shareOfMinor(purchase.bonusMinor, facts.amountMinor, purchase.amountMinor));
}

/**
 * True when the clawback is already applied for this Stripe status and owes nothing: the
 * reconciler skips it without asking Stripe about its payment again.
 */
export async function clawbackSettled(db: Db, id: string, stripeStatus: string | null): Promise<boolean> {
  const [row] = await db.select().from(clawbacks).where(eq(clawbacks.id, id));
  return Boolean(row && row.stripeStatus === stripeStatus && row.takenMinor === row.targetMinor);
}

export async function applyClawback(
  db: Db,
  facts: ClawbackFacts,
  causeRef: string | null,
): Promise<ClawbackOutcome> {
  return db.transaction(async (tx) => {
    // The wallet lock first: every clawback and posting of this account queues behind it.
    let wallet = await lockWallet(tx, facts.accountId);
    const [existing] = await tx.select().from(clawbacks).where(eq(clawbacks.id, facts.id)).for("update");
    const state = existing && RANK[existing.state] > RANK[facts.state] ? existing.state : facts.state;
    const bonusMinor =
      state === "final" && existing?.state !== "final"
        ? await bonusShare(tx, facts)
        : state === "final"
          ? (existing?.bonusMinor ?? 0)
          : 0;
    const values = {
      state,
      stripeStatus: facts.stripeStatus,
      amountMinor: facts.amountMinor,
      bonusMinor,
      targetMinor: targetOf(state, facts.amountMinor, bonusMinor),
      updatedAt: new Date(),
    };
    const [upserted] = await tx
      .insert(clawbacks)
      .values({
        id: facts.id,
        kind: facts.kind,
        accountId: facts.accountId,
        chargeId: facts.chargeId,
        paymentIntentId: facts.paymentIntentId,
        ...values,
      })
      .onConflictDoUpdate({ target: clawbacks.id, set: values })
      .returning();
    if (!upserted) throw new Error(`clawback ${facts.id} was not written`);
    let row = upserted;
    ({ wallet, row } = await settleClawbackInTx(tx, wallet, row, { causeRef }));
    wallet = await collectShortfallsInTx(tx, wallet, causeRef);
    wallet = await refreshSuspensionInTx(tx, wallet);
    const [fresh] = await tx.select().from(clawbacks).where(eq(clawbacks.id, facts.id));
    const final = fresh ?? row;
    return {
      row: final,
      previousState: existing?.state ?? null,
      moved: final.moves > (existing?.moves ?? 0),
      wallet,
    };
  });
}
