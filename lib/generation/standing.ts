/**
 * What a generation needs to know before it takes the wallet lock, in one read: whether the
 * account may spend at all (wallet.ts suspension), what the wallet holds, and whether a plan could
 * pay instead (lib/subscriptions/quota.ts decides under the transaction; this only says whether
 * asking it is worth a statement).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { wallets } from "@/lib/db/schema/wallet";
import { usable } from "@/lib/subscriptions/quota";
import { ensureWallet, type Wallet } from "@/lib/wallet/ledger";

export interface SpendingStanding {
  wallet: Wallet;
  /** An active, unpaused plan exists: its quota is asked first. */
  planUsable: boolean;
  /** … and it has a call left this period. */
  planHasQuota: boolean;
}

export async function spendingStanding(db: Db, accountId: string): Promise<SpendingStanding> {
  const read = () =>
    db
      .select({
        wallet: wallets,
        planUsable:
          sql<boolean>`exists (${db.select({ one: sql`1` }).from(subscriptions).where(usable(accountId))})`.mapWith(
            Boolean,
          ),
        planHasQuota: sql<boolean>`exists (${db
          .select({ one: sql`1` })
          .from(subscriptions)
          .where(
            and(usable(accountId), sql`${subscriptions.quotaUsed} + 1 <= ${subscriptions.quotaLimit}`),
          )})`.mapWith(Boolean),
      })
      .from(wallets)
      .where(and(eq(wallets.accountId, accountId), eq(wallets.currency, "USD")));
  const [row] = await read();
  if (row) return row;
  // An account's first spending: its wallet is made, as every other wallet read does.
  await ensureWallet(db, accountId);
  const [made] = await read();
  if (!made) throw new Error(`wallet for ${accountId} vanished`);
  return made;
}
