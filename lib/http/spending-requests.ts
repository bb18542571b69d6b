/**
 * The four requests an approval policy may hold (fund, subscribe, change plan, new API key), as one
 * handler each that the HTTP routes and the MCP tools both call: the hold comes first, then the
 * domain call, then the wire answer, so the two doors cannot drift apart.
 */
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { defaultApiKeyName } from "@/lib/api-keys/schemas";
import type { Principal } from "@/lib/auth/principal";
import { startFundingCheckout } from "@/lib/checkout/funding-link";
import { startSubscriptionLink } from "@/lib/checkout/subscribe-link";
import type { Db } from "@/lib/db/client";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import { holdForApproval } from "./approvals";
import type { DoorRequest } from "./door-request";
import { presentApiKey } from "./present/api-keys";
import { presentFundingCheckout } from "./present/checkout";
import { presentPlanChange, presentSubscribe, presentSubscriptionCheckout } from "./present/subscriptions";
import { presentFund } from "./present/wallet";
import { reply } from "./replies";

export interface SpendingContext {
  db: Db;
  principal: Principal;
  request: DoorRequest;
  idempotencyRecordId: string | null;
}

/** `POST /wallet/fund`: a card charged now (200/402/202), or a Checkout link without one. */
export async function fundRequest(
  ctx: SpendingContext,
  body: { amount: number; payment_method_id?: string | undefined },
) {
  const { db, principal, idempotencyRecordId } = ctx;
  const held = await holdForApproval(ctx, {
    kind: "fund",
    amountMinor: body.amount,
    paymentMethodId: body.payment_method_id,
  });
  if (held) return held;
  const common = { accountId: principal.accountId, userId: principal.userId, amountMinor: body.amount };
  if (!body.payment_method_id) {
    return reply(presentFundingCheckout(await startFundingCheckout(db, { ...common, idempotencyRecordId })));
  }
  const answer = presentFund(
    await fundWallet(db, {
      ...common,
      actorKind: "agent",
      paymentMethodId: body.payment_method_id,
      idempotencyRecordId,
    }),
  );
  return reply(answer.body, answer.status);
}

/** `POST /subscriptions`: a card charged now (201/402/202), or a Checkout link without one. */
export async function subscribeRequest(
  ctx: SpendingContext,
  body: { plan_id: number; payment_method_id?: string; success_url?: string; cancel_url?: string },
) {
  const { db, principal, idempotencyRecordId } = ctx;
  const held = await holdForApproval(ctx, {
    kind: "subscription",
    planId: body.plan_id,
    paymentMethodId: body.payment_method_id,
    successUrl: body.success_url,
    cancelUrl: body.cancel_url,
  });
  if (held) return held;
  const common = {
    accountId: principal.accountId,
    userId: principal.userId,
    planId: body.plan_id,
    idempotencyRecordId,
  };
  if (!body.payment_method_id) {
    return reply(
      presentSubscriptionCheckout(
        await startSubscriptionLink(db, {
          ...common,
          successUrl: body.success_url,
          cancelUrl: body.cancel_url,
        }),
      ),
    );
  }
  return presentSubscribe(
    await subscribeWithCard(db, { ...common, paymentMethodId: body.payment_method_id }),
  );
}

/** `PUT /subscriptions/{id}`: a prorated plan change. */
export async function changePlanRequest(ctx: SpendingContext, subscriptionId: number, newPlanId: number) {
  const { db, principal, idempotencyRecordId } = ctx;
  const held = await holdForApproval(ctx, { kind: "plan_change", subscriptionId, newPlanId });
  if (held) return held;
  return presentPlanChange(
    await changePlan(db, {
      accountId: principal.accountId,
      userId: principal.userId,
      subscriptionId,
      idempotencyRecordId,
      newPlanId,
    }),
  );
}

/** `POST /api-keys`: the key shown in full once (201). */
export async function createKeyRequest(ctx: SpendingContext, body: { name?: string; notes?: string | null }) {
  const { db, principal } = ctx;
  const name = body.name ?? defaultApiKeyName(new Date());
  const held = await holdForApproval(ctx, { kind: "api_key", name, notes: body.notes });
  if (held) return held;
  const { row, key } = await createApiKey(db, {
    accountId: principal.accountId,
    userId: principal.userId,
    name,
    notes: body.notes,
  });
  return reply({ ...presentApiKey(row, key), message: "Store this key now: it is not shown again." }, 201);
}
