/** Response schemas of the /models routes (presenter: ../models.ts). */
import { z } from "zod";
import { isoDate, usd } from "./common";

export const catalogueModel = z.object({
  model_id: z.string(),
  model_name: z.string(),
  name: z.string(),
  description: z.string(),
  provider: z.string(),
  provider_name: z.string(),
  feature: z.string(),
  model_type: z.string(),
  model_subcategory: z.string(),
  base_model: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  served_by: z.enum(["builtin", "upstream"]),
  created_at: isoDate,
  popularity: z.number().describe("Higher is more used."),
  pricing: z.object({
    currency: z.literal("USD"),
    unit: z.string(),
    from: usd.describe("The cheapest size's price per image, US dollars."),
    sizes: z.array(z.object({ size: z.string(), width: z.number(), height: z.number(), price: usd })),
  }),
  max_size: z.string().describe("The largest priced size; any shape whose area fits is accepted."),
});

export const modelPage = z.object({
  items: z.array(catalogueModel),
  pagination: z.object({
    total: z.number().int(),
    count: z.number().int(),
    per_page: z.number().int(),
    current_page: z.number().int(),
    last_page: z.number().int(),
    has_more: z.boolean(),
  }),
});

const formField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(["textarea", "select", "number", "text"]),
  required: z.boolean(),
  default: z.unknown().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  options: z.array(z.unknown()).optional(),
  description: z.string().optional(),
});

const modelEndpoint = z.object({
  name: z.string(),
  method: z.literal("POST"),
  path: z.string(),
  url: z.string(),
  authentication: z.string(),
  fetch: z.object({ method: z.literal("POST"), path: z.string() }),
  parameters: z
    .record(z.string(), z.unknown())
    .describe("The JSON Schema of the request body, narrowed to this model."),
  config: z.array(formField).describe("The raw UI configuration: one field per parameter, in form order."),
});

export const modelDetail = catalogueModel.extend({ endpoints: z.array(modelEndpoint) });

const facet = z.object({ value: z.string(), count: z.number().int() });
const labelledFacet = facet.extend({ label: z.string() });

export const modelFiltersResponse = z.object({
  sorts: z.array(z.object({ value: z.string(), label: z.string() })),
  default_sort: z.string(),
  features: z.array(labelledFacet),
  model_types: z.array(facet),
  model_subcategories: z.array(facet),
  base_models: z.array(facet),
  providers: z.array(labelledFacet),
  tags: z.array(facet),
});

export const modelTag = z.object({ tag: z.string(), model_count: z.number().int() });

export const modelProvider = z.object({
  provider: z.string(),
  name: z.string(),
  model_count: z.number().int(),
});
