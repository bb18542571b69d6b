// GET /api/agents/v1/approvals — held requests: a member sees their own, owners and admins the account's (?status, ?kind, ?cursor)
import { listApprovals } from "@/lib/approvals/requests";
import { approvalListQuery } from "@/lib/approvals/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentApprovalPage } from "@/lib/http/present/approvals";
import { approvalPage } from "@/lib/http/present/schemas/approvals";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", permission: "read", query: approvalListQuery, response: approvalPage },
    async ({ db, principal, query }) => presentApprovalPage(await listApprovals(db, principal, query)),
  ),
});
