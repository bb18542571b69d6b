// GET /api/agents/v1/models — search and filter the model catalogue (paged; meta.total as the CLI reads it)
import { agentRoute, jsonResponse, successBody } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { modelsQuerySchema } from "@/lib/model-catalogue/schemas";
import { searchModels } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "models:read", query: modelsQuerySchema },
    ({ query, requestId }) => {
      const page = searchModels(query);
      const body = successBody(page, requestId);
      const { total, per_page, current_page, last_page } = page.pagination;
      return jsonResponse(200, {
        ...body,
        meta: { request_id: requestId, total, per_page, current_page, last_page },
      });
    },
  ),
});
