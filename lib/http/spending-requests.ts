/**
 * The four requests an approval policy may hold (fund, subscribe, change plan, new API key). Each
 * is a `HeldRequest` run by `runSpendingRequest`, the one place that calls the domain and shapes
 * the answer: the HTTP routes and the MCP tools hold it first (`holdOrRun`), and the approval
 * executor (./approvals.ts) runs it once approved, so the three cannot drift apart.
 */
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { defaultApiKeyName } from "@/lib/api-keys/schemas";
import type { HeldRequest } from "@/lib/approvals/held-request";
import { holdRequest } from "@/lib/approvals/requests";
import type { Principal } from "@/lib/auth/principal";
import { startFundingCheckout } from "@/lib/checkout/funding-link";
import { startSubscriptionLink } from "@/lib/checkout/subscribe-link";
import type { Db } from "@/lib/db/client";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import type { DoorRequest } from "./door-request";
import { presentApiKey } from "./present/api-keys";
import { presentHeld } from "./present/approvals";
import { presentFundingCheckout } from "./present/checkout";
import { presentPlanChange, presentSubscribe, presentSubscriptionCheckout } from "./present/subscriptions";
import { presentFund } from "./present/wallet";
import { type Reply, reply } from "./replies";

export interface SpendingContext {
  db: Db;
  principal: Principal;
  request: DoorRequest;
  idempotencyRecordId: string | null;
}

/** Who a request spends for: the acting account and the user who asked. */
export interface Spender {
  accountId: string;
  userId: string;
}

/** The 201 of a new key; `key` (the secret) only where it may be shown. */
export const createdKeyReply = (
  row: Parameters<typeof presentApiKey>[0],
  key: string | undefined,
  message: string,
) => reply({ ...presentApiKey(row, key), message }, 201);

export const KEY_SHOWN_ONCE = "Store this key now: it is not shown again.";

/**
 * Runs a spending request as its route answers it: a card charged now (200/201, 402, 202
 * requires_action), a Checkout link when there is no card, a prorated plan change, a new key.
 */
export async function runSpendingRequest(
  db: Db,
  who: Spender,
  request: HeldRequest,
  idempotencyRecordId: string | null,
): Promise<Reply> {
  switch (request.kind) {
    case "fund": {
      const common = { ...who, amountMinor: request.amountMinor, idempotencyRecordId };
      if (!request.paymentMethodId) {
        return reply(presentFundingCheckout(await startFundingCheckout(db, common)));
      }
      const answer = presentFund(
        await fundWallet(db, { ...common, actorKind: "agent", paymentMethodId: request.paymentMethodId }),
      );
      return reply(answer.body, answer.status);
    }
    case "subscription": {
      const common = { ...who, planId: request.planId, idempotencyRecordId };
      if (!request.paymentMethodId) {
        return reply(
          presentSubscriptionCheckout(
            await startSubscriptionLink(db, {
              ...common,
              successUrl: request.successUrl,
              cancelUrl: request.cancelUrl,
            }),
          ),
        );
      }
      return presentSubscribe(
        await subscribeWithCard(db, { ...common, paymentMethodId: request.paymentMethodId }),
      );
    }
    case "plan_change":
      return presentPlanChange(
        await changePlan(db, {
          ...who,
          subscriptionId: request.subscriptionId,
          newPlanId: request.newPlanId,
          idempotencyRecordId,
        }),
      );
    case "api_key": {
      const { row, key } = await createApiKey(db, { ...who, name: request.name, notes: request.notes });
      return createdKeyReply(row, key, KEY_SHOWN_ONCE);
    }
  }
}

/**
 * The 202 `pending_approval` answer when the account's policy holds this caller's request, or the
 * request's own answer when it runs now.
 */
async function holdOrRun(ctx: SpendingContext, request: HeldRequest): Promise<Reply> {
  const { db, principal } = ctx;
  const approval = await holdRequest(
    db,
    {
      accountId: principal.accountId,
      userId: principal.userId,
      role: principal.role,
      label: principal.tokenName,
    },
    request,
    ctx.request.headers.get("idempotency-key")?.trim() || null,
  );
  if (approval) return reply(presentHeld(approval), 202);
  const who = { accountId: principal.accountId, userId: principal.userId };
  return runSpendingRequest(db, who, request, ctx.idempotencyRecordId);
}

/** `POST /wallet/fund`. */
export const fundRequest = (
  ctx: SpendingContext,
  body: { amount: number; payment_method_id?: string | undefined },
) => holdOrRun(ctx, { kind: "fund", amountMinor: body.amount, paymentMethodId: body.payment_method_id });

/** `POST /subscriptions`. */
export const subscribeRequest = (
  ctx: SpendingContext,
  body: { plan_id: number; payment_method_id?: string; success_url?: string; cancel_url?: string },
) =>
  holdOrRun(ctx, {
    kind: "subscription",
    planId: body.plan_id,
    paymentMethodId: body.payment_method_id,
    successUrl: body.success_url,
    cancelUrl: body.cancel_url,
  });

/** `PUT /subscriptions/{id}`. */
export const changePlanRequest = (ctx: SpendingContext, subscriptionId: number, newPlanId: number) =>
  holdOrRun(ctx, { kind: "plan_change", subscriptionId, newPlanId });

/** `POST /api-keys` (`{}` gets a dated default name). */
export const createKeyRequest = (ctx: SpendingContext, body: { name?: string; notes?: string | null }) =>
  holdOrRun(ctx, { kind: "api_key", name: body.name ?? defaultApiKeyName(new Date()), notes: body.notes });
