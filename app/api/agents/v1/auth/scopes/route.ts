// GET /api/agents/v1/auth/scopes — the scopes a token can be limited to at login
import { SCOPE_NAMES, SCOPES } from "@/lib/auth/scopes";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { scopesResponse } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: false, limiter: "general", response: scopesResponse }, () => ({
    scopes: SCOPE_NAMES.map((name) => ({ name, description: SCOPES[name] })),
    scopes_supported: SCOPE_NAMES,
    default: "*",
  })),
});
