/** `agent-models`: the model catalogue (/models*). Read-only. */
import { z } from "zod";
import {
  presentModelDetail,
  presentModelFilters,
  presentModelPage,
  presentModelProviders,
  presentModelTags,
} from "@/lib/http/present/models";
import { reply } from "@/lib/http/replies";
import { modelsQuerySchema } from "@/lib/model-catalogue/schemas";
import {
  getModel,
  modelFilters,
  modelProviders,
  modelTags,
  searchModels,
} from "@/lib/model-catalogue/search";
import { action, type McpTool } from "../action";

export const modelsTool: McpTool = {
  name: "agent-models",
  title: "Models",
  description:
    "Search the model catalogue, read its filters, tags and providers, and one model with a JSON Schema of each endpoint's parameters.",
  actions: {
    search: action({
      http: "GET /models",
      description:
        "Search and filter models (search, feature, provider, model_type, base_model, tags, sort, per_page, page).",
      auth: true,
      limiter: "general",
      scope: "models:read",
      input: modelsQuerySchema,
      run: ({ input }) => {
        const { body, meta } = presentModelPage(searchModels(input));
        return reply(body, 200, {}, meta);
      },
    }),
    filters: action({
      http: "GET /models/filters",
      description: "Sorts, features, types, base models, providers and tags, with counts.",
      auth: true,
      limiter: "general",
      scope: "models:read",
      run: () => presentModelFilters(modelFilters()),
    }),
    tags: action({
      http: "GET /models/tags",
      description: "The tags in use, most common first.",
      auth: true,
      limiter: "general",
      scope: "models:read",
      run: () => presentModelTags(modelTags()),
    }),
    providers: action({
      http: "GET /models/providers",
      description: "Who makes the served models.",
      auth: true,
      limiter: "general",
      scope: "models:read",
      run: () => presentModelProviders(modelProviders()),
    }),
    detail: action({
      http: "GET /models/[modelId]",
      description: "One model (model_id) with its endpoints and their parameters' JSON Schemas.",
      auth: true,
      limiter: "general",
      scope: "models:read",
      input: z.object({ model_id: z.string().min(1).max(200) }),
      run: ({ input }) => presentModelDetail(getModel(input.model_id)),
    }),
  },
};
