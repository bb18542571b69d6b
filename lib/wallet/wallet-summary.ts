import type { DbOrTx } from "@/lib/db/client";
import { ensureWallet } from "./ledger";

export interface WalletSummary {
  balanceMinor: number;
  currency: "USD";
}

/** The balance shown by GET /me and anything else that summarises an account. */
export async function walletSummary(db: DbOrTx, accountId: string): Promise<WalletSummary> {
  const wallet = await ensureWallet(db, accountId);
  return { balanceMinor: wallet.balanceMinor, currency: "USD" };
}
