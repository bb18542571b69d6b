/**
 * The model catalogue: every model in the price table (the models this server's provider serves),
 * described with what we know about it. A model added through GENERATION_PRICES_JSON that we have
 * no description for still appears, with neutral defaults. Each model's request parameters are the
 * JSON Schema of the very zod schemas that validate the generation routes.
 */
import { z } from "zod";
import { env } from "@/lib/env";
import { priceTable, type SizeTier, sizeTiers } from "@/lib/generation/prices";
import { text2imgSchema, textToImageSchema } from "@/lib/generation/schemas";
import { minorToUsd } from "@/lib/money";

interface Description {
  name: string;
  description: string;
  provider: string;
  base_model: string;
  tags: string[];
  released: string;
  /** Higher is more used on the reference service; orders `recommended` and `most-used`. */
  popularity: number;
}

export const PROVIDER_NAMES: Record<string, string> = {
  "black-forest-labs": "Black Forest Labs",
  "stability-ai": "Stability AI",
  google: "Google",
  bytedance: "ByteDance",
  community: "Community",
  custom: "Custom",
};

const KNOWN: Record<string, Description> = {
  flux: {
    name: "FLUX.1 [dev]",
    description: "High-quality photorealistic text-to-image model with strong prompt following.",
    provider: "black-forest-labs",
    base_model: "flux",
    tags: ["photorealistic", "general", "text-rendering"],
    released: "2024-08-01",
    popularity: 100,
  },
  "flux-schnell": {
    name: "FLUX.1 [schnell]",
    description: "The fast FLUX.1 variant, tuned for few-step generation.",
    provider: "black-forest-labs",
    base_model: "flux",
    tags: ["fast", "general"],
    released: "2024-08-01",
    popularity: 80,
  },
  sdxl: {
    name: "Stable Diffusion XL",
    description: "Stability AI's 1024-pixel base model, versatile across styles.",
    provider: "stability-ai",
    base_model: "sdxl",
    tags: ["general", "artistic"],
    released: "2023-07-26",
    popularity: 70,
  },
  "stable-diffusion-v1-5": {
    name: "Stable Diffusion 1.5",
    description: "The classic 512-pixel latent diffusion model.",
    provider: "stability-ai",
    base_model: "sd-1.5",
    tags: ["general", "classic"],
    released: "2022-10-20",
    popularity: 40,
  },
  "realistic-vision-v6": {
    name: "Realistic Vision V6",
    description: "Community fine-tune of Stable Diffusion 1.5 for photorealistic portraits.",
    provider: "community",
    base_model: "sd-1.5",
    tags: ["photorealistic", "portrait"],
    released: "2024-01-15",
    popularity: 60,
  },
  "anything-v5": {
    name: "Anything V5",
    description: "Community fine-tune for anime and illustration styles.",
    provider: "community",
    base_model: "sd-1.5",
    tags: ["anime", "illustration", "artistic"],
    released: "2023-03-01",
    popularity: 50,
  },
  "imagen-4": {
    name: "Imagen 4",
    description: "Google's text-to-image model with fine detail and typography.",
    provider: "google",
    base_model: "imagen",
    tags: ["photorealistic", "text-rendering"],
    released: "2025-05-20",
    popularity: 90,
  },
  "seedream-4": {
    name: "Seedream 4.0",
    description: "ByteDance's high-resolution text-to-image model.",
    provider: "bytedance",
    base_model: "seedream",
    tags: ["photorealistic", "general"],
    released: "2025-09-10",
    popularity: 85,
  },
};

const UNKNOWN: Omit<Description, "name"> = {
  description: "A model configured on this server.",
  provider: "custom",
  base_model: "custom",
  tags: [],
  released: "2026-01-01",
  popularity: 0,
};

export interface CatalogueModel {
  model_id: string;
  model_name: string;
  name: string;
  description: string;
  provider: string;
  provider_name: string;
  feature: "imagen";
  model_type: "image";
  model_subcategory: "text-to-image";
  base_model: string;
  tags: string[];
  status: "active";
  served_by: "builtin" | "upstream";
  created_at: string;
  popularity: number;
  pricing: {
    currency: "USD";
    unit: "image";
    from: number;
    sizes: Array<{ size: string; width: number; height: number; price: number }>;
  };
  /** The largest priced size; a request may have any shape whose area fits in it. */
  max_size: string;
}

function pricing(tiers: SizeTier[]): CatalogueModel["pricing"] {
  return {
    currency: "USD",
    unit: "image",
    from: minorToUsd(Math.min(...tiers.map((t) => t.unitMinor))),
    sizes: tiers.map((t) => ({
      size: t.size,
      width: t.width,
      height: t.height,
      price: minorToUsd(t.unitMinor),
    })),
  };
}

export function catalogue(): CatalogueModel[] {
  const servedBy = env().generation.provider;
  return Object.keys(priceTable()).map((id) => {
    const known = Object.hasOwn(KNOWN, id) ? KNOWN[id] : undefined;
    const d: Description = known ?? { name: id, ...UNKNOWN };
    const tiers = sizeTiers(id) ?? [];
    return {
      model_id: id,
      model_name: d.name,
      name: d.name,
      description: d.description,
      provider: d.provider,
      provider_name: PROVIDER_NAMES[d.provider] ?? d.provider,
      feature: "imagen",
      model_type: "image",
      model_subcategory: "text-to-image",
      base_model: d.base_model,
      tags: d.tags,
      status: "active",
      served_by: servedBy,
      created_at: `${d.released}T00:00:00.000Z`,
      popularity: d.popularity,
      pricing: pricing(tiers),
      max_size: tiers.at(-1)?.size ?? "",
    };
  });
}

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
  properties.model_id = { ...properties.model_id, const: model.model_id, default: model.model_id };
  for (const side of ["width", "height"]) {
    const property = properties[side];
    if (property)
      property.description =
        `${property.description ?? ""} width × height must fit in ${model.max_size}.`.trim();
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

export function modelDetail(model: CatalogueModel) {
  const base = env().appUrl;
  const v6 = parametersFor(model, text2imgSchema, { key: "k", prompt: "p", model_id: model.model_id });
  const v7 = parametersFor(model, textToImageSchema, { key: "k", prompt: "p", model_id: model.model_id });
  return {
    ...model,
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
