/**
 * The approval flow's door side: the hold at the top of the four routes a policy may hold, and
 * the executor that runs an approved request exactly as its route would have, answering in the
 * route's own shape (its presenters live here, at the door).
 */

import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Executor } from "@/lib/approvals/decide";
import { approvalRunRef } from "@/lib/approvals/decide";
import type { HeldRequest } from "@/lib/approvals/held-request";
import { holdRequest } from "@/lib/approvals/requests";
import type { Principal } from "@/lib/auth/principal";
import { startFundingCheckout } from "@/lib/checkout/funding-link";
import { startSubscriptionLink } from "@/lib/checkout/subscribe-link";
import type { Db } from "@/lib/db/client";
import type { StoredResult } from "@/lib/db/schema/approvals";
import { isAppError } from "@/lib/errors";
import { defaultCard } from "@/lib/payments/cards";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import type { DoorRequest } from "./door-request";
import { presentApiKey } from "./present/api-keys";
import { presentHeld } from "./present/approvals";
import { presentFundingCheckout } from "./present/checkout";
import { wireDetails } from "./present/errors";
import { presentPlanChange, presentSubscribe, presentSubscriptionCheckout } from "./present/subscriptions";
import { presentFund } from "./present/wallet";
import { type Reply, reply } from "./replies";

/**
 * The 202 `pending_approval` answer when the account's policy holds this caller's request; null
 * when it runs now. Called first thing in the handler of each route a policy covers.
 */
export async function holdForApproval(
  ctx: { db: Db; principal: Principal; request: DoorRequest },
  request: HeldRequest,
): Promise<Reply | null> {
  const { principal } = ctx;
  const approval = await holdRequest(
    ctx.db,
    {
      accountId: principal.accountId,
      userId: principal.userId,
      role: principal.role,
      label: principal.tokenName,
    },
    request,
    ctx.request.headers.get("idempotency-key")?.trim() || null,
  );
  return approval ? reply(presentHeld(approval), 202) : null;
}

const ok = (http_status: number, data: unknown): StoredResult => ({ http_status, data, error: null });
const same = (result: StoredResult) => ({ shown: result, stored: result });

/** Runs the held request; a refusal the route would answer (4xx) is the result, a 5xx is retried. */
export const executeApproval: Executor = async (db, approval) => {
  const request = approval.payload as unknown as HeldRequest;
  const ref = approvalRunRef(approval.id);
  const who = { accountId: approval.accountId, userId: approval.requesterUserId };
  try {
    switch (request.kind) {
      case "fund": {
        const card = request.paymentMethodId ?? (await defaultCard(db, approval.accountId))?.id;
        if (!card) {
          const link = await startFundingCheckout(db, {
            ...who,
            amountMinor: request.amountMinor,
            idempotencyRecordId: ref,
          });
          return same(ok(200, presentFundingCheckout(link)));
        }
        const answer = presentFund(
          await fundWallet(db, {
            ...who,
            actorKind: "agent",
            amountMinor: request.amountMinor,
            paymentMethodId: card,
            idempotencyRecordId: ref,
          }),
        );
        return same(ok(answer.status, answer.body));
      }
      case "subscription": {
        const card = request.paymentMethodId ?? (await defaultCard(db, approval.accountId))?.id;
        const common = { ...who, planId: request.planId, idempotencyRecordId: ref };
        if (!card) {
          const link = await startSubscriptionLink(db, {
            ...common,
            successUrl: request.successUrl,
            cancelUrl: request.cancelUrl,
          });
          return same(ok(200, presentSubscriptionCheckout(link)));
        }
        const answer = presentSubscribe(await subscribeWithCard(db, { ...common, paymentMethodId: card }));
        return same(ok(answer.status, answer.data));
      }
      case "plan_change": {
        const answer = presentPlanChange(
          await changePlan(db, {
            ...who,
            subscriptionId: request.subscriptionId,
            newPlanId: request.newPlanId,
            idempotencyRecordId: ref,
          }),
        );
        return same(ok(answer.status, answer.data));
      }
      case "api_key": {
        const { row, key } = await createApiKey(db, { ...who, name: request.name, notes: request.notes });
        return {
          shown: ok(201, {
            ...presentApiKey(row, key),
            message: "Store this key now: it is not shown again.",
          }),
          stored: ok(201, {
            ...presentApiKey(row),
            message: "The key was created and shown once to its requester; it is not shown again.",
          }),
        };
      }
    }
  } catch (error) {
    if (isAppError(error) && error.status < 500) {
      return same({
        http_status: error.status,
        data: null,
        error: { code: error.code, message: error.message, details: wireDetails(error) },
      });
    }
    throw error;
  }
};
