import type { DbOrTx } from "@/lib/db/client";
import { minorToUsd } from "@/lib/money";
import { ensureWallet } from "./ledger";

export interface WalletSummary {
  /** USD, as the API speaks it. */
  wallet_balance: number;
  currency: "USD";
}

/** The balance shown by GET /me and anything else that summarises an account. */
export async function walletSummary(db: DbOrTx, accountId: string): Promise<WalletSummary> {
  const wallet = await ensureWallet(db, accountId);
  return { wallet_balance: minorToUsd(wallet.balanceMinor), currency: "USD" };
}
