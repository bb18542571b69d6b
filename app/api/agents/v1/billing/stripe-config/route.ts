// GET /api/agents/v1/billing/stripe-config — the publishable key and API base to tokenize cards with

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentStripeConfig } from "@/lib/http/present/payments";
import { stripeConfig } from "@/lib/payments/stripe-config";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: true, limiter: "general", scope: "billing:read", permission: "read" }, () =>
    presentStripeConfig(stripeConfig()),
  ),
});
