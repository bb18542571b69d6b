// GET|PUT /api/agents/v1/approvals/policy — which members' requests wait for an owner or admin
import { getPolicy, updatePolicy } from "@/lib/approvals/policy";
import { policyBody } from "@/lib/approvals/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentPolicy } from "@/lib/http/present/approvals";
import { approvalPolicy } from "@/lib/http/present/schemas/approvals";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", permission: "read", response: approvalPolicy },
    async ({ db, principal }) => presentPolicy(await getPolicy(db, principal.accountId)),
  ),
  PUT: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_policy",
      body: policyBody,
      response: approvalPolicy,
    },
    async ({ db, principal, body }) =>
      presentPolicy(
        await updatePolicy(db, { accountId: principal.accountId, userId: principal.userId, change: body }),
      ),
  ),
});
