/**
 * The approval flow's door side: the executor that runs an approved request exactly as its route
 * would have (./spending-requests.ts), with the team's default card when the request named none,
 * keeping the route's answer as the approval's result.
 */

import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Executor } from "@/lib/approvals/decide";
import { approvalRunRef } from "@/lib/approvals/decide";
import type { HeldRequest } from "@/lib/approvals/held-request";
import type { Db } from "@/lib/db/client";
import type { StoredResult } from "@/lib/db/schema/approvals";
import { isAppError } from "@/lib/errors";
import { defaultCard } from "@/lib/payments/cards";
import { wireDetails } from "./present/errors";
import { createdKeyReply, KEY_SHOWN_ONCE, runSpendingRequest } from "./spending-requests";

const ok = (http_status: number, data: unknown): StoredResult => ({ http_status, data, error: null });
const KEY_STORED = "The key was created and shown once to its requester; it is not shown again.";
const same = (result: StoredResult) => ({ shown: result, stored: result });

/** A held fund or subscription that named no card is charged to the team's default card, if any. */
async function withDefaultCard(db: Db, accountId: string, request: HeldRequest): Promise<HeldRequest> {
  if ((request.kind !== "fund" && request.kind !== "subscription") || request.paymentMethodId) return request;
  return { ...request, paymentMethodId: (await defaultCard(db, accountId))?.id };
}

/** Runs the held request; a refusal the route would answer (4xx) is the result, a 5xx is retried. */
export const executeApproval: Executor = async (db, approval) => {
  const request = approval.payload as unknown as HeldRequest;
  const ref = approvalRunRef(approval.id);
  const who = { accountId: approval.accountId, userId: approval.requesterUserId };
  try {
    if (request.kind === "api_key") {
      // The secret goes only to whoever sees this run; the stored result shows the key masked.
      const { row, key } = await createApiKey(db, { ...who, name: request.name, notes: request.notes });
      return {
        shown: ok(201, createdKeyReply(row, key, KEY_SHOWN_ONCE).data),
        stored: ok(201, createdKeyReply(row, undefined, KEY_STORED).data),
      };
    }
    const answer = await runSpendingRequest(
      db,
      who,
      await withDefaultCard(db, approval.accountId, request),
      ref,
    );
    return same(ok(answer.status, answer.data));
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
