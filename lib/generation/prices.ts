/**
 * What a generation costs: whole cents per image, by model and size. A request is priced at the
 * smallest listed size whose area covers its own (a 640×640 image on a table of 512x512 and
 * 1024x1024 pays the 1024x1024 price), times the number of images. GENERATION_PRICES_JSON replaces
 * the table, and the table is also the list of models this server serves.
 */
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type PriceTable = Record<string, Record<string, number>>;

export const DEFAULT_PRICES: PriceTable = {
  flux: { "512x512": 2, "768x768": 3, "1024x1024": 4 },
  "flux-schnell": { "512x512": 1, "1024x1024": 2 },
  sdxl: { "512x512": 1, "1024x1024": 2 },
  "stable-diffusion-v1-5": { "512x512": 1, "768x768": 2 },
  "realistic-vision-v6": { "512x512": 1, "768x768": 2 },
  "anything-v5": { "512x512": 1, "768x768": 2 },
  "imagen-4": { "1024x1024": 4 },
  "seedream-4": { "1024x1024": 3 },
};

export interface SizeTier {
  size: string;
  width: number;
  height: number;
  pixels: number;
  unitMinor: number;
}

export function priceTable(): PriceTable {
  return env().generation.prices ?? DEFAULT_PRICES;
}

/** A model's sizes, smallest first; null for a model this server does not serve. */
export function sizeTiers(modelId: string, table: PriceTable = priceTable()): SizeTier[] | null {
  const sizes = Object.hasOwn(table, modelId) ? table[modelId] : undefined;
  if (!sizes) return null;
  return Object.entries(sizes)
    .map(([size, unitMinor]) => {
      const [w, h] = size.split("x").map(Number) as [number, number];
      return { size, width: w, height: h, pixels: w * h, unitMinor };
    })
    .sort((a, b) => a.pixels - b.pixels || a.unitMinor - b.unitMinor);
}

export interface Quote {
  modelId: string;
  tier: SizeTier;
  samples: number;
  unitMinor: number;
  totalMinor: number;
}

/** Prices a request, or refuses it (422) for a model or size the table does not list. */
export function quote(input: { modelId: string; width: number; height: number; samples: number }): Quote {
  const tiers = sizeTiers(input.modelId);
  if (!tiers) {
    throw new AppError(
      "validation_error",
      `model_id: "${input.modelId}" is not a model this server serves.`,
      {
        details: { model_id: ["unknown model: list the served models with GET /api/agents/v1/models"] },
      },
    );
  }
  const pixels = input.width * input.height;
  const tier = tiers.find((t) => t.pixels >= pixels);
  if (!tier) {
    const largest = tiers.at(-1)?.size ?? "";
    const message = `${input.width}x${input.height} is larger than the largest size of ${input.modelId} (${largest})`;
    throw new AppError("validation_error", `width: ${message}.`, {
      details: { width: [message], height: [message] },
    });
  }
  return {
    modelId: input.modelId,
    tier,
    samples: input.samples,
    unitMinor: tier.unitMinor,
    totalMinor: tier.unitMinor * input.samples,
  };
}
