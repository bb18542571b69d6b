// GET /api/agents/v1/models/providers — who makes the served models, with model counts
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentModelProviders } from "@/lib/http/present/models";
import { modelProvider } from "@/lib/http/present/schemas/models";
import { modelProviders } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "models:read",
      permission: "read",
      response: z.array(modelProvider),
    },
    () => presentModelProviders(modelProviders()),
  ),
});
