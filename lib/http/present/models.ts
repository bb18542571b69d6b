/**
 * The model catalogue's wire shapes (`GET /models…`): the reference's snake_case fields, prices in
 * USD, and for one model its endpoints, each with the JSON Schema of the very zod schema that
 * validates that route and a form description derived from it.
 */
import { z } from "zod";
import { env } from "@/lib/env";
import { text2imgSchema, textToImageSchema } from "@/lib/generation/schemas";
import type { CatalogueModel } from "@/lib/model-catalogue/catalogue";
import type { FacetCount, ModelFilters, ModelPage } from "@/lib/model-catalogue/search";
import { minorToUsd } from "@/lib/money";

export function presentModel(model: CatalogueModel) {
  return {
    model_id: model.id,
    model_name: model.name,
    name: model.name,
    description: model.description,
    provider: model.provider,
    provider_name: model.providerName,
    feature: model.feature,
    model_type: model.modelType,
    model_subcategory: model.subcategory,
    base_model: model.baseModel,
    tags: model.tags,
    status: model.status,
    served_by: model.servedBy,
    created_at: model.releasedAt.toISOString(),
    popularity: model.popularity,
    pricing: {
      currency: "USD",
      unit: model.pricing.unit,
      from: minorToUsd(model.pricing.fromMinor),
      sizes: model.pricing.sizes.map((t) => ({
        size: t.size,
        width: t.width,
        height: t.height,
        price: minorToUsd(t.unitMinor),
      })),
    },
    max_size: model.maxSize,
  };
}

/** `GET /models`: the page, and its figures for the envelope's `meta` (as the CLI reads them). */
export function presentModelPage(page: ModelPage) {
  const pagination = {
    total: page.total,
    count: page.items.length,
    per_page: page.perPage,
    current_page: page.page,
    last_page: page.lastPage,
    has_more: page.page < page.lastPage,
  };
  return {
    body: { items: page.items.map(presentModel), pagination },
    meta: { total: page.total, per_page: page.perPage, current_page: page.page, last_page: page.lastPage },
  };
}

export function presentModelFilters(filters: ModelFilters) {
  return {
    sorts: filters.sorts,
    default_sort: filters.defaultSort,
    features: filters.features,
    model_types: filters.modelTypes,
    model_subcategories: filters.subcategories,
    base_models: filters.baseModels,
    providers: filters.providers,
    tags: filters.tags,
  };
}

export const presentModelTags = (tags: FacetCount[]) =>
  tags.map(({ value, count }) => ({ tag: value, model_count: count }));

export const presentModelProviders = (providers: Array<FacetCount & { name: string }>) =>
  providers.map(({ value, name, count }) => ({ provider: value, name, model_count: count }));

/** Defaults a caller gets by leaving a field out, read off the schema itself. */
function defaultsOf(schema: z.ZodType, minimal: Record<string, unknown>): Record<string, unknown> {
  const parsed = schema.safeParse(minimal);
  if (!parsed.success) return {};
  return Object.fromEntries(
    Object.entries(parsed.data as Record<string, unknown>).filter(([k]) => !(k in minimal)),
  );
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/** The route's JSON Schema, narrowed to one model: its id, and its largest area in the descriptions. */
function parametersFor(
  model: CatalogueModel,
  schema: z.ZodType,
  minimal: Record<string, unknown>,
): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const properties = json.properties ?? {};
  for (const [field, value] of Object.entries(defaultsOf(schema, minimal))) {
    const property = properties[field];
    if (property && !("default" in property)) property.default = value;
  }
  properties.model_id = { ...properties.model_id, const: model.id, default: model.id };
  for (const side of ["width", "height"]) {
    const property = properties[side];
    if (property)
      property.description =
        `${property.description ?? ""} width × height must fit in ${model.maxSize}.`.trim();
  }
  return {
    ...json,
    properties,
    required: [...new Set([...((json.required as string[]) ?? []), "model_id"])],
  };
}

/** The raw UI configuration: one field description per parameter, in form order. */
function uiConfig(parameters: JsonSchema) {
  const required = new Set((parameters.required as string[]) ?? []);
  return Object.entries(parameters.properties ?? {})
    .filter(([name]) => name !== "key" && name !== "webhook")
    .map(([name, p]) => {
      const options =
        (p.enum as unknown[]) ??
        (p.anyOf as Array<{ enum?: unknown[] }> | undefined)?.find((a) => a.enum)?.enum;
      const type =
        name === "prompt" || name === "negative_prompt"
          ? "textarea"
          : options
            ? "select"
            : p.type === "integer" || p.type === "number"
              ? "number"
              : "text";
      return {
        name,
        label: name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase()),
        type,
        required: required.has(name),
        ...(p.default !== undefined ? { default: p.default } : {}),
        ...(typeof p.minimum === "number" ? { min: p.minimum } : {}),
        ...(typeof p.maximum === "number" ? { max: p.maximum } : {}),
        ...(typeof p.multipleOf === "number" ? { step: p.multipleOf } : {}),
        ...(options ? { options } : {}),
        ...(typeof p.description === "string" ? { description: p.description } : {}),
      };
    });
}

/** `GET /models/{id}`: the model, and how to call it on each generation API. */
export function presentModelDetail(model: CatalogueModel) {
  const base = env().appUrl;
  const v6 = parametersFor(model, text2imgSchema, { key: "k", prompt: "p", model_id: model.id });
  const v7 = parametersFor(model, textToImageSchema, { key: "k", prompt: "p", model_id: model.id });
  return {
    ...presentModel(model),
    endpoints: [
      {
        name: "text2img",
        method: "POST",
        path: "/api/v6/images/text2img",
        url: `${base}/api/v6/images/text2img`,
        authentication: 'API key as "key" in the JSON body',
        fetch: { method: "POST", path: "/api/v6/images/fetch/{id}" },
        parameters: v6,
        config: uiConfig(v6),
      },
      {
        name: "text-to-image",
        method: "POST",
        path: "/api/v7/images/text-to-image",
        url: `${base}/api/v7/images/text-to-image`,
        authentication: 'API key in a "key" header or as "key" in the JSON body',
        fetch: { method: "POST", path: "/api/v7/images/fetch/{id}" },
        parameters: v7,
        config: uiConfig(v7),
      },
    ],
  };
}
