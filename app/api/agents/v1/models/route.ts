// GET /api/agents/v1/models — search and filter the model catalogue (paged; meta.total as the CLI reads it)
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentModelPage } from "@/lib/http/present/models";
import { modelPage } from "@/lib/http/present/schemas/models";
import { modelsQuerySchema } from "@/lib/model-catalogue/schemas";
import { searchModels } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "models:read",
      permission: "read",
      query: modelsQuerySchema,
      response: modelPage,
    },
    ({ query }) => {
      const { body, meta } = presentModelPage(searchModels(query));
      return reply(body, 200, {}, meta);
    },
  ),
});
