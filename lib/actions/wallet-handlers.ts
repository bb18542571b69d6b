/**
 * Wallet actions of the dashboard, as the signed-in person (ledger actor kind `human`): fund with a
 * card (saved or new), settle a payment after 3-D Secure, auto-recharge and the low-balance alert.
 */
import { z } from "zod";
import { updatePreferences } from "@/lib/accounts/update-preferences";
import { env } from "@/lib/env";
import { minorToUsd } from "@/lib/money";
import { paymentMethodId } from "@/lib/payments/schemas";
import { configureAutoFunding, disableAutoFunding } from "@/lib/wallet/auto-funding";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import { getPaymentStatus } from "@/lib/wallet/payment-status";
import { getBalance } from "@/lib/wallet/queries";
import { dollars } from "./fields";
import type { HumanContext } from "./session";

const fundSchema = z.object({
  amount: dollars(
    () => env().fund.minUsd,
    () => env().fund.maxUsd,
  ),
  payment_method_id: paymentMethodId,
  /** One per click, from the page: a retried submit reuses the PaymentIntent instead of charging twice. */
  attempt_id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "is not a valid attempt id"),
});

export type FundOutcome =
  | { status: "succeeded"; payment_intent_id: string; amount: number; balance: number }
  | { status: "requires_action"; payment_intent_id: string; client_secret: string }
  | { status: "processing"; payment_intent_id: string };

export async function handleFund({ db, human }: HumanContext, input: unknown): Promise<FundOutcome> {
  const body = fundSchema.parse(input);
  const result = await fundWallet(db, {
    accountId: human.accountId,
    userId: human.userId,
    actorKind: "human",
    amountMinor: body.amount,
    paymentMethodId: body.payment_method_id,
    idempotencyRecordId: `dash_${human.accountId}_${body.attempt_id}`,
  });
  const payment = result.body.payment as {
    status: string;
    payment_intent_id: string;
    client_secret?: string | null;
  };
  if (result.kind === "succeeded") {
    return {
      status: "succeeded",
      payment_intent_id: payment.payment_intent_id,
      amount: result.body.amount as number,
      balance: result.body.balance as number,
    };
  }
  if (payment.status === "requires_action" && payment.client_secret) {
    return {
      status: "requires_action",
      payment_intent_id: payment.payment_intent_id,
      client_secret: payment.client_secret,
    };
  }
  return { status: "processing", payment_intent_id: payment.payment_intent_id };
}

const settleSchema = z.object({
  payment_intent_id: z.string().regex(/^pi_[A-Za-z0-9_]+$/, "is not a PaymentIntent id"),
});

/**
 * After the 3-D Secure challenge: re-reads the PaymentIntent from Stripe and credits the wallet if
 * it succeeded (exactly once, whoever gets there first — this, the webhook or the reconciler).
 * Another account's PaymentIntent is a 404.
 */
export async function handleSettlePayment({ db, human }: HumanContext, input: unknown) {
  const body = settleSchema.parse(input);
  const status = await getPaymentStatus(db, {
    accountId: human.accountId,
    paymentIntentId: body.payment_intent_id,
    waitSec: 0,
  });
  const balance = await getBalance(db, human.accountId);
  return {
    status: status.status as "pending" | "succeeded" | "failed" | "canceled",
    amount: status.amount,
    decline_code: status.decline_code,
    balance: balance.balance,
  };
}

const autoFundingSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({ enabled: z.literal(true), amount: dollars(5, 10_000), threshold: dollars(1, 10_000) }),
]);

export async function handleAutoFunding({ db, human }: HumanContext, input: unknown) {
  const body = autoFundingSchema.parse(input);
  if (!body.enabled) return (await disableAutoFunding(db, human.accountId)).auto_funding;
  const result = await configureAutoFunding(db, {
    accountId: human.accountId,
    amountMinor: body.amount,
    thresholdMinor: body.threshold,
  });
  return result.auto_funding;
}

const lowBalanceSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({ enabled: z.literal(true), threshold: dollars(1, 1_000_000) }),
]);

export async function handleLowBalanceAlert({ db, human }: HumanContext, input: unknown) {
  const body = lowBalanceSchema.parse(input);
  await updatePreferences(db, {
    userId: human.userId,
    walletNotificationEnabled: body.enabled,
    ...(body.enabled ? { walletNotificationThresholdMinor: body.threshold } : {}),
  });
  return { enabled: body.enabled, threshold: body.enabled ? minorToUsd(body.threshold) : null };
}
