// GET /api/agents/v1/models/{modelId} — a model with its endpoints, each with a JSON Schema of its parameters
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentModelDetail } from "@/lib/http/present/models";
import { modelDetail } from "@/lib/http/present/schemas/models";
import { getModel } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "models:read",
      permission: "read",
      response: modelDetail,
      errors: ["not_found"],
    },
    ({ params }) => presentModelDetail(getModel(params.modelId ?? "")),
  ),
});
