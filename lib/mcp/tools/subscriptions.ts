/** `agent-subscriptions`: plans and the account's subscriptions (/subscriptions*). */

import { z } from "zod";
import { INT4_MAX } from "@/lib/auth/integer-id";
import { noteLinkFulfilled } from "@/lib/checkout/links";
import {
  presentCanceled,
  presentChargeAmountSaved,
  presentConfirmedCheckout,
  presentCycleReset,
  presentFixedPayment,
  presentPaused,
  presentPlansCatalogue,
  presentResumed,
  presentSubscription,
} from "@/lib/http/present/subscriptions";
import { changePlanRequest, subscribeRequest } from "@/lib/http/spending-requests";
import { setPaidModelChargeAmount } from "@/lib/subscriptions/charge-amount";
import { confirmSubscriptionCheckout } from "@/lib/subscriptions/checkout";
import { fixSubscriptionPayment } from "@/lib/subscriptions/fix-payment";
import {
  cancelSubscription,
  pauseSubscription,
  resetSubscriptionCycle,
  resumeSubscriptionNow,
} from "@/lib/subscriptions/lifecycle";
import { plansOnSale } from "@/lib/subscriptions/plans";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import {
  cancelBody,
  changePlanBody,
  chargeAmountBody,
  confirmCheckoutBody,
  createSubscriptionBody,
  fixPaymentBody,
} from "@/lib/subscriptions/schemas";
import { subscriptionStatus } from "@/lib/subscriptions/status";
import { action, type McpTool } from "../action";
import { integerIdArg, withArgs } from "../fields";

const subscriptionArg = { subscription_id: integerIdArg("Subscription", INT4_MAX) };
const subscriptionOnly = z.object(subscriptionArg);

const write = {
  auth: true,
  limiter: "billing",
  scope: "subscriptions:write",
  permission: "subscribe",
  idempotent: true,
} as const;

export const subscriptionsTool: McpTool = {
  name: "agent-subscriptions",
  title: "Subscriptions",
  description:
    "The plan catalogue and the account's subscriptions: subscribe with a saved card or through a Checkout link, change plan, pause, resume, cancel, reset the cycle, repair a failed payment.",
  actions: {
    "list-plans": action({
      http: "GET /subscriptions/plans",
      description: "The plans on sale and the pay-as-you-go alternative.",
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      run: () => presentPlansCatalogue(plansOnSale()),
    }),
    list: action({
      http: "GET /subscriptions",
      description: "The account's subscriptions.",
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      run: async ({ db, principal }) =>
        (await listAccountSubscriptions(db, principal.accountId)).map(presentSubscription),
    }),
    status: action({
      http: "GET /subscriptions/[id]/status",
      description: "One subscription's status and current period (subscription_id).",
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      input: subscriptionOnly,
      run: async ({ db, principal, input }) =>
        presentSubscription(await subscriptionStatus(db, principal.accountId, input.subscription_id)),
    }),
    create: action({
      ...write,
      http: "POST /subscriptions",
      description:
        "Subscribe to plan_id: with payment_method_id the card is charged now (402 declined, 202 requires_action); without it a Checkout link for a human is returned.",
      input: createSubscriptionBody,
      run: async ({ input, ...ctx }) => subscribeRequest(ctx, input),
    }),
    "confirm-checkout": action({
      ...write,
      http: "POST /subscriptions/confirm-checkout",
      description: "Activate the subscription a human paid on Checkout (session_id).",
      input: confirmCheckoutBody,
      run: async ({ db, principal, input }) => {
        const confirmed = await confirmSubscriptionCheckout(db, {
          accountId: principal.accountId,
          sessionId: input.session_id,
        });
        await noteLinkFulfilled(db, input.session_id, "confirm");
        return presentConfirmedCheckout(confirmed);
      },
    }),
    update: action({
      ...write,
      http: "PUT /subscriptions/[id]",
      description: "Change plan (subscription_id, new_plan_id; prorated).",
      input: withArgs(subscriptionArg, changePlanBody),
      run: async ({ input, ...ctx }) => changePlanRequest(ctx, input.subscription_id, input.newPlanId),
    }),
    pause: action({
      ...write,
      http: "POST /subscriptions/[id]/pause",
      description: "Pause collection (subscription_id).",
      input: subscriptionOnly,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentPaused(
          await pauseSubscription(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            subscriptionId: input.subscription_id,
            idempotencyRecordId,
          }),
        ),
    }),
    resume: action({
      ...write,
      http: "POST /subscriptions/[id]/resume",
      description: "Lift a pause or take back a scheduled cancellation (subscription_id).",
      input: subscriptionOnly,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentResumed(
          await resumeSubscriptionNow(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            subscriptionId: input.subscription_id,
            idempotencyRecordId,
          }),
        ),
    }),
    cancel: action({
      ...write,
      http: "POST /subscriptions/[id]/cancel",
      description: "Cancel at the period end, or now with immediately: true (subscription_id).",
      input: withArgs(subscriptionArg, cancelBody),
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentCanceled(
          await cancelSubscription(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            subscriptionId: input.subscription_id,
            idempotencyRecordId,
            immediately: input.immediately,
          }),
        ),
    }),
    "reset-cycle": action({
      ...write,
      http: "POST /subscriptions/[id]/reset-cycle",
      description: "Start a new billing period now, prorated (subscription_id).",
      input: subscriptionOnly,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentCycleReset(
          await resetSubscriptionCycle(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            subscriptionId: input.subscription_id,
            idempotencyRecordId,
          }),
        ),
    }),
    "charge-amount": action({
      ...write,
      http: "POST /subscriptions/charge-amount",
      description: "Set the account's paid-model charge amount (amount, $5–$10,000).",
      input: chargeAmountBody,
      run: async ({ db, principal, input }) =>
        presentChargeAmountSaved(
          await setPaidModelChargeAmount(db, { accountId: principal.accountId, amountMinor: input.amount }),
        ),
    }),
    "fix-payment": action({
      ...write,
      http: "POST /subscriptions/[id]/fix-payment",
      description:
        "Pay the unpaid invoice now, optionally with a new card (subscription_id, payment_method_id, plan_category).",
      input: withArgs(subscriptionArg, fixPaymentBody),
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        presentFixedPayment(
          await fixSubscriptionPayment(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            subscriptionId: input.subscription_id,
            idempotencyRecordId,
            paymentMethodId: input.payment_method_id,
            planCategory: input.plan_category,
            stripeSubscriptionId: input.stripe_subscription_id,
          }),
        ),
    }),
  },
};
