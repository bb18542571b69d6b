// GET /api/agents/v1/billing/payment-link/{session_id} — the link's status; ?wait=N long-polls, SSE with Accept: text/event-stream
import { linkStatus, watchLink } from "@/lib/checkout/link-status";
import { linkStatusQuerySchema } from "@/lib/checkout/schemas";
import { agentRoute, file } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { linkStatusStream, presentLink } from "@/lib/http/present/checkout";
import { paymentLinkResponse } from "@/lib/http/present/schemas/billing";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute<true, undefined, typeof linkStatusQuerySchema, { sessionId: string }>(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      query: linkStatusQuerySchema,
      response: paymentLinkResponse,
      errors: ["not_found", "payment_provider_error"],
    },
    async ({ db, principal, params, query, request }) => {
      const input = { accountId: principal.accountId, sessionId: params.sessionId, signal: request.signal };
      if (request.headers.get("accept")?.includes("text/event-stream")) {
        return file(linkStatusStream(await watchLink(db, { ...input, maxSec: query.wait || 60 })), {
          contentType: "text/event-stream",
          headers: { "Cache-Control": "no-store", Connection: "keep-alive" },
        });
      }
      return presentLink(await linkStatus(db, { ...input, waitSec: query.wait }));
    },
  ),
});
