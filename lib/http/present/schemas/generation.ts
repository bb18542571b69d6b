/** The generation API's answer in ModelsLab's shape (presenter: ../generation.ts): not the envelope. */
import { z } from "zod";
import { usd } from "./common";

const billing = z.object({
  price: usd,
  charged: usd,
  currency: z.string(),
  funded_by: z.string().nullable(),
  wallet_balance: usd.optional(),
});

const common = {
  id: z.number(),
  meta: z.record(z.string(), z.unknown()),
  billing,
  idempotency_replay: z
    .literal(true)
    .optional()
    .describe(
      "Present when this repeats the stored answer to an earlier request with the same Idempotency-Key.",
    ),
};

export const generationResponse = z.union([
  z.object({
    status: z.literal("success"),
    generationTime: z.number(),
    output: z.array(z.string()),
    proxy_links: z.array(z.string()),
    nsfw_content_detected: z.boolean(),
    ...common,
  }),
  z.object({
    status: z.literal("processing"),
    eta: z.number(),
    message: z.string(),
    tip: z.string(),
    fetch_result: z.string(),
    output: z.array(z.string()),
    future_links: z.array(z.string()),
    ...common,
  }),
]);

export const modelslabError = z.object({
  status: z.literal("error"),
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
