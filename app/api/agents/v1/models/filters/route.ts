// GET /api/agents/v1/models/filters — sorts, features, types, base models, providers and tags, with counts
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentModelFilters } from "@/lib/http/present/models";
import { modelFiltersResponse } from "@/lib/http/present/schemas/models";
import { modelFilters } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "models:read",
      permission: "read",
      response: modelFiltersResponse,
    },
    () => presentModelFilters(modelFilters()),
  ),
});
