/**
 * Approvals from the dashboard: approve or reject a held request, and set the approval policy.
 * The same domain functions as the agents API, with the same executor, so an approval decided in
 * the browser runs exactly as one decided through the API.
 */
import { z } from "zod";
import { approveRequest, rejectRequest } from "@/lib/approvals/decide";
import { updatePolicy } from "@/lib/approvals/policy";
import { approvalParams, rejectBody } from "@/lib/approvals/schemas";
import { requirePermission } from "@/lib/auth/permissions";
import { executeApproval } from "@/lib/http/approvals";
import { presentApproval, presentPolicy } from "@/lib/http/present/approvals";
import { dollars, flag } from "./fields";
import type { HumanContext } from "./session";

export async function handleApprove({ db, human }: HumanContext, input: unknown) {
  requirePermission(human, "manage_policy");
  const { id } = approvalParams.parse(input);
  const { approval, shown } = await approveRequest(db, human, id, executeApproval);
  return presentApproval(approval, shown);
}

export async function handleReject({ db, human }: HumanContext, input: unknown) {
  requirePermission(human, "manage_policy");
  const { id } = approvalParams.parse(input);
  const { reason } = rejectBody.parse(input);
  return presentApproval(await rejectRequest(db, human, id, reason));
}

const policyForm = z.object({
  subscriptions: flag,
  funds: flag,
  fund_threshold: dollars(0.01, 1_000_000),
  api_keys: flag,
});

export async function handleUpdatePolicy({ db, human }: HumanContext, input: unknown) {
  requirePermission(human, "manage_policy");
  const body = policyForm.parse(input);
  const policy = await updatePolicy(db, {
    accountId: human.accountId,
    userId: human.userId,
    change: {
      subscriptions: body.subscriptions,
      funds: body.funds,
      fundThresholdMinor: body.fund_threshold,
      apiKeys: body.api_keys,
    },
  });
  return presentPolicy(policy);
}
