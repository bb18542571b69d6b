/** `agent-wallet`: balance, funding, auto-funding, coupons, withdrawals and payment status (/wallet/*, /payments/*). */

import { z } from "zod";
import { confirmFundingCheckout } from "@/lib/checkout/confirm";
import { confirmCheckoutBodySchema } from "@/lib/checkout/schemas";
import { env } from "@/lib/env";
import { presentCheckoutConfirmed } from "@/lib/http/present/checkout";
import { presentPaymentStatus } from "@/lib/http/present/payments";
import {
  presentAutoFunding,
  presentCouponValidation,
  presentRedeem,
  presentTransactionsPage,
  presentWalletSummary,
  presentWithdrawal,
} from "@/lib/http/present/wallet";
import { reply } from "@/lib/http/replies";
import { fundRequest } from "@/lib/http/spending-requests";
import { configureAutoFunding, disableAutoFunding } from "@/lib/wallet/auto-funding";
import { redeemCoupon, validateCoupon } from "@/lib/wallet/coupons";
import { ensureWallet } from "@/lib/wallet/ledger";
import { getPaymentStatus } from "@/lib/wallet/payment-status";
import { listTransactions } from "@/lib/wallet/queries";
import {
  autoFundingBodySchema,
  fundBodySchema,
  redeemCouponBodySchema,
  transactionsQuerySchema,
  validateCouponSchema,
  withdrawBodySchema,
} from "@/lib/wallet/schemas";
import { withdraw } from "@/lib/wallet/withdraw";
import { action, type McpTool } from "../action";

const fundBody = fundBodySchema({ min: () => env().fund.minUsd, max: () => env().fund.maxUsd });
export const paymentIntentArg = z
  .string()
  .regex(/^pi_[A-Za-z0-9_]+$/, "must be a Stripe PaymentIntent id (pi_…)");

export const walletTool: McpTool = {
  name: "agent-wallet",
  title: "Wallet",
  description:
    "The prepaid USD wallet: balance, ledger, funding with a saved card (payment_method_id) or a Checkout link, auto-funding, coupons, withdrawals (resellers) and a payment's status.",
  actions: {
    balance: action({
      http: "GET /wallet/balance",
      description: "The balance in USD.",
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      run: async ({ db, principal }) => presentWalletSummary(await ensureWallet(db, principal.accountId)),
    }),
    transactions: action({
      http: "GET /wallet/transactions",
      description: "Ledger entries, newest first (type credit|debit, limit, offset, cursor).",
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      input: transactionsQuerySchema,
      run: async ({ db, principal, input }) =>
        presentTransactionsPage(await listTransactions(db, { accountId: principal.accountId, ...input })),
    }),
    fund: action({
      http: "POST /wallet/fund",
      description:
        "Add amount (USD). With payment_method_id the card is charged now (declined: payment_declined; 3-D Secure: status 202 requires_action, then agent-wait payment); without it a Checkout link for a human is returned.",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      idempotent: true,
      input: fundBody,
      run: async ({ input, ...ctx }) => fundRequest(ctx, input),
    }),
    "confirm-checkout": action({
      http: "POST /wallet/confirm-checkout",
      description: "Credit the wallet for a paid Checkout session (session_id cs_…); harmless to repeat.",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      idempotent: true,
      input: confirmCheckoutBodySchema,
      run: async ({ db, principal, input }) =>
        presentCheckoutConfirmed(
          await confirmFundingCheckout(db, { accountId: principal.accountId, sessionId: input.session_id }),
        ),
    }),
    "auto-funding": action({
      http: "PUT /wallet/auto-funding",
      description:
        "Top up auto_charge_amount (min $5) from the default card when the balance falls below charge_threshold (min $1).",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      idempotent: true,
      input: autoFundingBodySchema,
      run: async ({ db, principal, input }) => {
        const { settings, card } = await configureAutoFunding(db, {
          accountId: principal.accountId,
          ...input,
        });
        return {
          auto_funding: presentAutoFunding(settings),
          payment_method: { id: card.id, brand: card.brand, last4: card.last4 },
        };
      },
    }),
    "disable-auto-funding": action({
      http: "DELETE /wallet/auto-funding",
      description: "Turn auto-funding off.",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      idempotent: true,
      run: async ({ db, principal }) => ({
        auto_funding: presentAutoFunding(await disableAutoFunding(db, principal.accountId)),
      }),
    }),
    withdraw: action({
      http: "POST /wallet/withdraw",
      description: "Withdraw amount (USD); resellers only.",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      idempotent: true,
      input: withdrawBodySchema,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentWithdrawal(
          await withdraw(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            amountMinor: input.amount,
            idempotencyRecordId,
          }),
        ),
    }),
    "validate-coupon": action({
      http: "GET /wallet/coupons/validate",
      description: "Is this coupon usable by the account? (coupon_code, purchase_amount for bonus coupons)",
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      input: validateCouponSchema,
      run: async ({ db, principal, input }) =>
        presentCouponValidation(await validateCoupon(db, { accountId: principal.accountId, ...input })),
    }),
    "redeem-coupon": action({
      http: "POST /wallet/coupons/redeem",
      description:
        "Redeem a coupon (coupon_code); a bonus coupon also buys purchase_amount with payment_method_id.",
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      idempotent: true,
      input: redeemCouponBodySchema,
      run: async ({ db, principal, input, idempotencyRecordId }) => {
        const answer = presentRedeem(
          await redeemCoupon(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            ...input,
            idempotencyRecordId,
          }),
        );
        return reply(answer.body, answer.status);
      },
    }),
    "payment-status": action({
      http: "GET /payments/[id]/status",
      description:
        "A payment's status now (payment_intent_id pi_…); agent-wait payment waits for it to settle.",
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      input: z.object({ payment_intent_id: paymentIntentArg }),
      run: async ({ db, principal, input }) =>
        presentPaymentStatus(
          await getPaymentStatus(db, {
            accountId: principal.accountId,
            paymentIntentId: input.payment_intent_id,
            waitSec: 0,
          }),
        ),
    }),
  },
};
