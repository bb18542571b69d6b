// POST /api/agents/v1/approvals/{id}/reject {reason} — owners and admins; the held request never runs
import { rejectRequest } from "@/lib/approvals/decide";
import { approvalParams, rejectBody } from "@/lib/approvals/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentApproval } from "@/lib/http/present/approvals";
import { approvalResponse } from "@/lib/http/present/schemas/approvals";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_policy",
      params: approvalParams,
      body: rejectBody,
      response: approvalResponse,
      errors: ["conflict"],
    },
    async ({ db, principal, params, body }) =>
      presentApproval(await rejectRequest(db, principal, params.id, body.reason)),
  ),
});
