/**
 * Request schemas of the generation routes. The same schemas validate the routes and, through
 * z.toJSONSchema, describe each model's parameters in GET /models/{modelId}. ModelsLab clients send
 * numbers as strings ("512") and flags as "yes"/"no", so both spellings are accepted.
 */
import { z } from "zod";

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
const numeric = (v: unknown) => (typeof v === "string" && NUMERIC.test(v) ? Number(v) : v);

const int = (min: number, max: number) => z.preprocess(numeric, z.number().int().min(min).max(max));
const dimension = z.preprocess(numeric, z.number().int().min(64).max(1024).multipleOf(8));
const yesNo = z.union([z.enum(["yes", "no"]), z.boolean()]).transform((v) => v === true || v === "yes");

export const MAX_SEED = 4_294_967_295;

const common = {
  model_id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default("flux")
    .meta({ description: "The model to run (GET /api/agents/v1/models lists them)." }),
  prompt: z.string().trim().min(1).max(4000).meta({ description: "What the image should show." }),
  negative_prompt: z.string().max(4000).nullish().meta({ description: "What the image should avoid." }),
  samples: int(1, 4).default(1).meta({ description: "Number of images (1–4); each is priced.", default: 1 }),
  seed: z
    .preprocess(numeric, z.number().int().min(0).max(MAX_SEED).nullish())
    .meta({ description: "Same seed, prompt and size give the same image. Null picks one from the prompt." }),
  track_id: z
    .union([z.string().max(200), z.number().int()])
    .nullish()
    .meta({ description: "Your own reference, echoed in meta." }),
  // ModelsLab clients often send `"webhook": null` or ""; a real URL would be silently ignored, so it is refused.
  webhook: z
    .union([z.null(), z.literal("")], { error: "webhooks are not supported here: poll fetch_result instead" })
    .optional()
    .meta({ description: "Not supported: poll the fetch route for queued results." }),
};

/** POST /api/v6/images/text2img: the seed's request, key in the body. */
export const text2imgSchema = z.object({
  key: z
    .string()
    .min(1)
    .max(256)
    .meta({ description: "Your API key (from verify-email, login or /api-keys)." }),
  ...common,
  width: dimension
    .default(512)
    .meta({ description: "Width in pixels (64–1024, a multiple of 8).", default: 512 }),
  height: dimension
    .default(512)
    .meta({ description: "Height in pixels (64–1024, a multiple of 8).", default: 512 }),
  num_inference_steps: int(1, 100).default(30).meta({ description: "Denoising steps.", default: 30 }),
  guidance_scale: z
    .preprocess(numeric, z.number().min(1).max(20))
    .default(7.5)
    .meta({ description: "How closely to follow the prompt.", default: 7.5 }),
  safety_checker: yesNo.optional().meta({ description: '"yes" or "no".' }),
  enhance_prompt: yesNo.optional().meta({ description: '"yes" or "no".' }),
  scheduler: z.string().max(100).optional(),
});

const ASPECT_RATIO = /^(\d{1,5}):(\d{1,5})$/;

/** POST /api/v7/images/text-to-image: key in a `key` header or the body; size by aspect ratio. */
export const textToImageSchema = z
  .object({
    key: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .meta({ description: "Your API key, unless sent in the `key` header." }),
    ...common,
    aspect_ratio: z
      .string()
      .regex(ASPECT_RATIO, 'must look like "16:9"')
      .optional()
      .meta({ description: 'Shape of the image, "1:1" (default) to "4:1"; the long side is 1024 pixels.' }),
    width: dimension.optional().meta({ description: "Width in pixels; overrides aspect_ratio with height." }),
    height: dimension
      .optional()
      .meta({ description: "Height in pixels; overrides aspect_ratio with width." }),
  })
  .superRefine((body, ctx) => {
    if ((body.width === undefined) !== (body.height === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [body.width === undefined ? "width" : "height"],
        message: "send width and height together",
      });
    }
    const match = body.aspect_ratio ? ASPECT_RATIO.exec(body.aspect_ratio) : null;
    if (match) {
      const ratio = Number(match[1]) / Number(match[2]);
      if (!(ratio >= 0.25 && ratio <= 4)) {
        ctx.addIssue({ code: "custom", path: ["aspect_ratio"], message: "must be between 1:4 and 4:1" });
      }
    }
  });

/** Body of the fetch/{id} routes: the key, unless the route takes it from a header. */
export const fetchBodySchema = z.object({
  key: z.string().min(1).max(256).optional(),
});

/** Body of POST /api/v6/images/fetch, ModelsLab's older form with the id in the body. */
export const fetchByRequestIdSchema = fetchBodySchema.extend({
  request_id: z.union([z.string().min(1).max(40), z.number().int()]),
});

export type Text2ImgBody = z.output<typeof text2imgSchema>;
export type TextToImageBody = z.output<typeof textToImageSchema>;

/** A request normalised across the routes: what is priced, rendered and stored. */
export interface ImageRequest {
  modelId: string;
  prompt: string;
  negativePrompt: string | null;
  width: number;
  height: number;
  samples: number;
  seed: number | null;
  steps: number | null;
  guidanceScale: number | null;
  safetyChecker: boolean | null;
  enhancePrompt: boolean | null;
  aspectRatio: string | null;
  trackId: string | number | null;
}

export function fromText2Img(body: Text2ImgBody): ImageRequest {
  return {
    modelId: body.model_id,
    prompt: body.prompt,
    negativePrompt: body.negative_prompt ?? null,
    width: body.width,
    height: body.height,
    samples: body.samples,
    seed: body.seed ?? null,
    steps: body.num_inference_steps,
    guidanceScale: body.guidance_scale,
    safetyChecker: body.safety_checker ?? null,
    enhancePrompt: body.enhance_prompt ?? null,
    aspectRatio: null,
    trackId: body.track_id ?? null,
  };
}

/** The long side is 1024 and the short side the nearest multiple of 8 that keeps the ratio. */
export function sizeForAspectRatio(aspectRatio: string): { width: number; height: number } {
  const match = ASPECT_RATIO.exec(aspectRatio);
  const w = Number(match?.[1] ?? 1);
  const h = Number(match?.[2] ?? 1);
  const short = (long: number, a: number, b: number) => Math.max(64, Math.round((long * a) / b / 8) * 8);
  return w >= h ? { width: 1024, height: short(1024, h, w) } : { width: short(1024, w, h), height: 1024 };
}

export function fromTextToImage(body: TextToImageBody): ImageRequest {
  const size =
    body.width !== undefined && body.height !== undefined
      ? { width: body.width, height: body.height }
      : sizeForAspectRatio(body.aspect_ratio ?? "1:1");
  return {
    modelId: body.model_id,
    prompt: body.prompt,
    negativePrompt: body.negative_prompt ?? null,
    ...size,
    samples: body.samples,
    seed: body.seed ?? null,
    steps: null,
    guidanceScale: null,
    safetyChecker: null,
    enhancePrompt: null,
    aspectRatio: body.aspect_ratio ?? null,
    trackId: body.track_id ?? null,
  };
}
