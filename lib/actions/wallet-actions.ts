"use server";
import { runAsHuman } from "./session";
// Wallet server actions: each checks the session, then runs one handler (lib/actions/wallet-handlers.ts).
import { handleAutoFunding, handleFund, handleLowBalanceAlert, handleSettlePayment } from "./wallet-handlers";

export async function fundWalletAction(input: unknown) {
  return runAsHuman((ctx) => handleFund(ctx, input), { input, limiter: "billing", permission: "fund" });
}

export async function settlePaymentAction(input: unknown) {
  return runAsHuman((ctx) => handleSettlePayment(ctx, input), {
    input,
    limiter: "billing",
    permission: "fund",
  });
}

export async function saveAutoFundingAction(input: unknown) {
  return runAsHuman((ctx) => handleAutoFunding(ctx, input), {
    input,
    limiter: "billing",
    permission: "manage_billing",
  });
}

export async function saveLowBalanceAlertAction(input: unknown) {
  return runAsHuman((ctx) => handleLowBalanceAlert(ctx, input), { input });
}
