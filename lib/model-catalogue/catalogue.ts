/**
 * The model catalogue: every model in the price table (the models this server's provider serves),
 * described with what we know about it. A model added through GENERATION_PRICES_JSON that we have
 * no description for still appears, with neutral defaults. Prices are cents per image for each
 * size tier; the door (lib/http/present/models.ts) adds each model's endpoints and the JSON Schema
 * of the zod schemas that validate them.
 */
import { env } from "@/lib/env";
import { priceTable, type SizeTier, sizeTiers } from "@/lib/generation/prices";

interface Description {
  name: string;
  description: string;
  provider: string;
  baseModel: string;
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
    baseModel: "flux",
    tags: ["photorealistic", "general", "text-rendering"],
    released: "2024-08-01",
    popularity: 100,
  },
  "flux-schnell": {
    name: "FLUX.1 [schnell]",
    description: "The fast FLUX.1 variant, tuned for few-step generation.",
    provider: "black-forest-labs",
    baseModel: "flux",
    tags: ["fast", "general"],
    released: "2024-08-01",
    popularity: 80,
  },
  sdxl: {
    name: "Stable Diffusion XL",
    description: "Stability AI's 1024-pixel base model, versatile across styles.",
    provider: "stability-ai",
    baseModel: "sdxl",
    tags: ["general", "artistic"],
    released: "2023-07-26",
    popularity: 70,
  },
  "stable-diffusion-v1-5": {
    name: "Stable Diffusion 1.5",
    description: "The classic 512-pixel latent diffusion model.",
    provider: "stability-ai",
    baseModel: "sd-1.5",
    tags: ["general", "classic"],
    released: "2022-10-20",
    popularity: 40,
  },
  "realistic-vision-v6": {
    name: "Realistic Vision V6",
    description: "Community fine-tune of Stable Diffusion 1.5 for photorealistic portraits.",
    provider: "community",
    baseModel: "sd-1.5",
    tags: ["photorealistic", "portrait"],
    released: "2024-01-15",
    popularity: 60,
  },
  "anything-v5": {
    name: "Anything V5",
    description: "Community fine-tune for anime and illustration styles.",
    provider: "community",
    baseModel: "sd-1.5",
    tags: ["anime", "illustration", "artistic"],
    released: "2023-03-01",
    popularity: 50,
  },
  "imagen-4": {
    name: "Imagen 4",
    description: "Google's text-to-image model with fine detail and typography.",
    provider: "google",
    baseModel: "imagen",
    tags: ["photorealistic", "text-rendering"],
    released: "2025-05-20",
    popularity: 90,
  },
  "seedream-4": {
    name: "Seedream 4.0",
    description: "ByteDance's high-resolution text-to-image model.",
    provider: "bytedance",
    baseModel: "seedream",
    tags: ["photorealistic", "general"],
    released: "2025-09-10",
    popularity: 85,
  },
};

const UNKNOWN: Omit<Description, "name"> = {
  description: "A model configured on this server.",
  provider: "custom",
  baseModel: "custom",
  tags: [],
  released: "2026-01-01",
  popularity: 0,
};

export interface CatalogueModel {
  id: string;
  name: string;
  description: string;
  provider: string;
  providerName: string;
  feature: "imagen";
  modelType: "image";
  subcategory: "text-to-image";
  baseModel: string;
  tags: string[];
  status: "active";
  servedBy: "builtin" | "upstream";
  releasedAt: Date;
  /** Higher is more used on the reference service. */
  popularity: number;
  /** Cents per image, by size tier (smallest first); `fromMinor` is the cheapest. */
  pricing: { unit: "image"; fromMinor: number; sizes: SizeTier[] };
  /** The largest priced size; a request may have any shape whose area fits in it. */
  maxSize: string;
}

export function catalogue(): CatalogueModel[] {
  const servedBy = env().generation.provider;
  return Object.keys(priceTable()).map((id) => {
    const known = Object.hasOwn(KNOWN, id) ? KNOWN[id] : undefined;
    const d: Description = known ?? { name: id, ...UNKNOWN };
    const tiers = sizeTiers(id) ?? [];
    return {
      id,
      name: d.name,
      description: d.description,
      provider: d.provider,
      providerName: PROVIDER_NAMES[d.provider] ?? d.provider,
      feature: "imagen",
      modelType: "image",
      subcategory: "text-to-image",
      baseModel: d.baseModel,
      tags: d.tags,
      status: "active",
      servedBy,
      releasedAt: new Date(`${d.released}T00:00:00.000Z`),
      popularity: d.popularity,
      pricing: {
        unit: "image",
        fromMinor: Math.min(...tiers.map((t) => t.unitMinor)),
        sizes: tiers,
      },
      maxSize: tiers.at(-1)?.size ?? "",
    };
  });
}
