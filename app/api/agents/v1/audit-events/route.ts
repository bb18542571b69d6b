// GET /api/agents/v1/audit-events — the acting account's audit log, newest first (filters, cursor paging; owners and admins)
import { listAuditEvents } from "@/lib/audit/queries";
import { auditEventsQuerySchema } from "@/lib/audit/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentAuditEventsPage } from "@/lib/http/present/audit";
import { auditEventsPage } from "@/lib/http/present/schemas/audit";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "audit:read",
      permission: "manage_policy",
      query: auditEventsQuerySchema,
      response: auditEventsPage,
    },
    async ({ db, principal, query }) =>
      presentAuditEventsPage(await listAuditEvents(db, { accountId: principal.accountId, ...query })),
  ),
});
