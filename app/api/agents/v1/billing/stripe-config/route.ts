// GET /api/agents/v1/billing/stripe-config — the publishable key and API base to tokenize cards with

import { stripeConfig } from "@/lib/billing/stripe-config";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: true, limiter: "general", scope: "billing:read" }, () => stripeConfig()),
});
