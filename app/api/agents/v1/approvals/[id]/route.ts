// GET /api/agents/v1/approvals/{id} — one approval; ?wait=N long-polls until it settles, SSE with Accept: text/event-stream
import { approvalParams, approvalWaitQuery } from "@/lib/approvals/schemas";
import { approvalStatus, watchApproval } from "@/lib/approvals/wait";
import { agentRoute, file } from "@/lib/http";
import { executeApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import { approvalStream, presentApproval } from "@/lib/http/present/approvals";
import { approvalResponse } from "@/lib/http/present/schemas/approvals";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      permission: "read",
      params: approvalParams,
      query: approvalWaitQuery,
      // The JSON answer; with Accept: text/event-stream the same object arrives as `status` events.
      response: approvalResponse,
    },
    async ({ db, principal, params, query, request }) => {
      const input = { viewer: principal, id: params.id, signal: request.signal, execute: executeApproval };
      if (request.headers.get("accept")?.includes("text/event-stream")) {
        return file(approvalStream(await watchApproval(db, { ...input, maxSec: query.wait || 60 })), {
          contentType: "text/event-stream",
          headers: { "Cache-Control": "no-store", Connection: "keep-alive" },
        });
      }
      const { approval, shown } = await approvalStatus(db, { ...input, waitSec: query.wait });
      return presentApproval(approval, shown);
    },
  ),
});
