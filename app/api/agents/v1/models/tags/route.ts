// GET /api/agents/v1/models/tags — the tags in use, most common first
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentModelTags } from "@/lib/http/present/models";
import { modelTag } from "@/lib/http/present/schemas/models";
import { modelTags } from "@/lib/model-catalogue/search";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "models:read", permission: "read", response: z.array(modelTag) },
    () => presentModelTags(modelTags()),
  ),
});
