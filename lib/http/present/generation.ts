/**
 * ModelsLab's response shapes for a generation: `success` with `output` URLs, `processing` with
 * `eta` and `fetch_result`, both with `meta` (the parameters used) and, as an additive extension,
 * `billing` (what it cost and who paid). A failed generation is never a 2xx: it becomes a 502
 * generation_failed error saying what was refunded. The domain (lib/generation) answers with the
 * generation row and cents; only these functions write what a ModelsLab client reads.
 */
import type { Generation } from "@/lib/db/schema/generation";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { GenerationUnaffordable, type StartedGeneration } from "@/lib/generation/start-generation";
import { formatUsd, minorToUsd } from "@/lib/money";

const fetchPath = (g: Generation) => `/api/${g.api}/images/fetch/${g.id}`;

function meta(g: Generation): Record<string, unknown> {
  const p = g.params;
  const fields: Record<string, unknown> = {
    prompt: g.prompt,
    negative_prompt: p.negative_prompt,
    model_id: g.modelId,
    W: g.width,
    H: g.height,
    width: g.width,
    height: g.height,
    n_samples: g.samples,
    seed: g.seed,
    steps: p.num_inference_steps,
    guidance_scale: p.guidance_scale,
    safety_checker: typeof p.safety_checker === "boolean" ? (p.safety_checker ? "yes" : "no") : undefined,
    enhance_prompt: typeof p.enhance_prompt === "boolean" ? (p.enhance_prompt ? "yes" : "no") : undefined,
    aspect_ratio: p.aspect_ratio,
    track_id: p.track_id,
    provider: g.provider,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

function billing(g: Generation, walletBalanceMinor: number | null) {
  return {
    price: minorToUsd(g.priceMinor),
    charged: minorToUsd(g.chargedMinor - g.refundedMinor),
    currency: "USD",
    funded_by: g.fundedBy,
    ...(walletBalanceMinor === null ? {} : { wallet_balance: minorToUsd(walletBalanceMinor) }),
  };
}

export function generationFailed(g: Generation): AppError {
  const given =
    g.fundedBy === "wallet" && g.refundedMinor > 0
      ? ` The ${formatUsd(g.refundedMinor)} charge was refunded to your wallet.`
      : g.fundedBy === "plan_quota"
        ? " The call was returned to your plan's quota."
        : "";
  return new AppError(
    "generation_failed",
    `Generation ${g.id} failed: ${g.error ?? "the provider failed"}.${given}`,
    {
      details: {
        id: g.id,
        reason: g.error ?? "the provider failed",
        refunded: minorToUsd(g.refundedMinor),
        funded_by: g.fundedBy,
        currency: "USD",
      },
    },
  );
}

/** The body for a generation (throws generation_failed for one that failed). */
export function presentGeneration(g: Generation, options: { walletBalanceMinor?: number | null } = {}) {
  const walletBalanceMinor = options.walletBalanceMinor ?? null;
  if (g.status === "error") throw generationFailed(g);
  if (g.status === "success") {
    return {
      status: "success" as const,
      generationTime: Math.round(g.generationMs ?? 0) / 1000,
      id: g.id,
      output: g.output,
      proxy_links: g.output,
      nsfw_content_detected: false,
      meta: meta(g),
      billing: billing(g, walletBalanceMinor),
    };
  }
  return {
    status: "processing" as const,
    id: g.id,
    eta: g.etaSeconds ?? 5,
    message: "Your request is being processed. Fetch the result after the eta (seconds).",
    tip: `POST ${fetchPath(g)} with your key returns the result once it is ready.`,
    fetch_result: `${env().appUrl}${fetchPath(g)}`,
    output: [],
    future_links: [],
    meta: meta(g),
    billing: billing(g, walletBalanceMinor),
  };
}

/** The answer to a generation just paid for (text2img, text-to-image). */
export const presentStarted = (started: StartedGeneration) =>
  presentGeneration(started.generation, { walletBalanceMinor: started.walletBalanceMinor });

/** A refusal to start, with the wire's details: the price and the balance in USD. */
export function startRefusal(error: unknown): never {
  if (error instanceof GenerationUnaffordable) {
    throw new AppError(error.code, error.message, {
      details: {
        price: minorToUsd(error.priceMinor),
        balance: minorToUsd(error.balanceMinor),
        currency: "USD",
      },
      cause: error,
    });
  }
  throw error;
}
