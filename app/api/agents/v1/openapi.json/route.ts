// GET /api/agents/v1/openapi.json — this API's OpenAPI 3.1 document, generated from the routes (npm run openapi), bare JSON (no token needed)
import { agentRoute, bareJson } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import document from "@/lib/http/openapi/document.json";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: false, limiter: "general", response: null }, () =>
    // Public and the same for everyone until the next deploy.
    bareJson(document, 200, { "Cache-Control": "public, max-age=300" }),
  ),
});
