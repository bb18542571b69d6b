// GET /api/agents/v1/payments/{id}/status — a PaymentIntent's status; ?wait=N long-polls up to N s
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentPaymentStatus } from "@/lib/http/present/payments";
import { paymentStatusResponse } from "@/lib/http/present/schemas/payments";
import { getPaymentStatus } from "@/lib/wallet/payment-status";
import { paymentStatusQuerySchema } from "@/lib/wallet/schemas";

const params = z.object({ id: z.string().regex(/^pi_[A-Za-z0-9_]+$/) });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      query: paymentStatusQuerySchema,
      response: paymentStatusResponse,
      errors: ["not_found"],
    },
    async ({ db, principal, query, params: raw, request }) => {
      const parsed = params.safeParse(raw);
      // A malformed id cannot name any payment: the same 404 as an unknown one.
      const id = parsed.success ? parsed.data.id : "pi_invalid";
      return presentPaymentStatus(
        await getPaymentStatus(db, {
          accountId: principal.accountId,
          paymentIntentId: id,
          waitSec: query.wait,
          signal: request.signal,
        }),
      );
    },
  ),
});
