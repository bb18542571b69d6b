// POST /api/agents/v1/approvals/{id}/approve — owners and admins; the held request runs once and its answer becomes "result"
import { approveRequest } from "@/lib/approvals/decide";
import { approvalParams } from "@/lib/approvals/schemas";
import { agentRoute } from "@/lib/http";
import { executeApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import { presentApproval } from "@/lib/http/present/approvals";
import { approvalResponse } from "@/lib/http/present/schemas/approvals";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "teams:write",
      permission: "manage_policy",
      params: approvalParams,
      response: approvalResponse,
      // A provider failure while the approved request runs is retryable: approving again resumes it.
      errors: ["conflict", "payment_provider_error"],
    },
    async ({ db, principal, params }) => {
      const { approval, shown } = await approveRequest(db, principal, params.id, executeApproval);
      return presentApproval(approval, shown);
    },
  ),
});
