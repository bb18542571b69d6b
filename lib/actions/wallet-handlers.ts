/**
 * Wallet actions of the dashboard, as the signed-in person (ledger actor kind `human`): fund with a
 * card (saved or new), settle a payment after 3-D Secure, auto-recharge and the low-balance alert.
 */
import { z } from "zod";
import { updatePreferences } from "@/lib/accounts/update-preferences";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { presentAutoFunding } from "@/lib/http/present/wallet";
import { minorToUsd } from "@/lib/money";
import { paymentMethodId } from "@/lib/payments/schemas";
import { configureAutoFunding, disableAutoFunding, NoDefaultCard } from "@/lib/wallet/auto-funding";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import { ensureWallet } from "@/lib/wallet/ledger";
import { getPaymentStatus, isPendingPayment } from "@/lib/wallet/payment-status";
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
  if (result.kind === "succeeded") {
    return {
      status: "succeeded",
      payment_intent_id: result.paymentIntentId,
      amount: minorToUsd(result.amountMinor),
      balance: minorToUsd(result.balanceMinor),
    };
  }
  if (result.status === "requires_action" && result.clientSecret) {
    return {
      status: "requires_action",
      payment_intent_id: result.paymentIntentId,
      client_secret: result.clientSecret,
    };
  }
  return { status: "processing", payment_intent_id: result.paymentIntentId };
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
  const payment = await getPaymentStatus(db, {
    accountId: human.accountId,
    paymentIntentId: body.payment_intent_id,
    waitSec: 0,
  });
  const wallet = await ensureWallet(db, human.accountId);
  return {
    status: isPendingPayment(payment) ? ("pending" as const) : payment.status,
    amount: minorToUsd(payment.amountMinor),
    decline_code: payment.declineCode,
    balance: minorToUsd(wallet.balanceMinor),
  };
}

const autoFundingSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({ enabled: z.literal(true), amount: dollars(5, 10_000), threshold: dollars(1, 10_000) }),
]);

export async function handleAutoFunding({ db, human }: HumanContext, input: unknown) {
  const body = autoFundingSchema.parse(input);
  if (!body.enabled) return presentAutoFunding(await disableAutoFunding(db, human.accountId));
  try {
    const { settings } = await configureAutoFunding(db, {
      accountId: human.accountId,
      amountMinor: body.amount,
      thresholdMinor: body.threshold,
    });
    return presentAutoFunding(settings);
  } catch (error) {
    if (error instanceof NoDefaultCard) {
      throw new AppError(
        error.code,
        "Auto-recharge charges your default card: add a card under Payment methods first.",
      );
    }
    throw error;
  }
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
