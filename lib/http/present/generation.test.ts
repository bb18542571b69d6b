import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Generation } from "@/lib/db/schema/generation";
import { AppError } from "@/lib/errors";
import { GenerationUnaffordable } from "@/lib/generation/start-generation";
import { presentGeneration, presentStarted, startRefusal } from "./generation";

const generation = (over: Partial<Generation> = {}): Generation => ({
  id: 41,
  accountId: "00000000-0000-4000-8000-000000000001",
  userId: "00000000-0000-4000-8000-000000000002",
  apiKeyId: 3,
  api: "v6",
  endpoint: "text2img",
  product: "image_generation",
  modelId: "flux",
  prompt: "a lighthouse at dusk",
  params: {
    model_id: "flux",
    prompt: "a lighthouse at dusk",
    negative_prompt: null,
    num_inference_steps: 30,
    guidance_scale: 7.5,
    safety_checker: true,
    enhance_prompt: false,
    track_id: null,
  },
  width: 512,
  height: 512,
  samples: 1,
  seed: 1234,
  provider: "builtin",
  upstreamId: null,
  status: "success",
  fundedBy: "wallet",
  priceMinor: 2,
  chargedMinor: 2,
  refundedMinor: 0,
  debitEntryId: null,
  refundEntryId: null,
  output: ["http://127.0.0.1:3999/generated/41-0.png"],
  etaSeconds: null,
  generationMs: 1234,
  error: null,
  idempotencyRecordId: null,
  requestId: "req_1",
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:01Z"),
  completedAt: new Date("2026-11-01T00:00:01Z"),
  ...over,
});

const meta = {
  prompt: "a lighthouse at dusk",
  model_id: "flux",
  W: 512,
  H: 512,
  width: 512,
  height: 512,
  n_samples: 1,
  seed: 1234,
  steps: 30,
  guidance_scale: 7.5,
  safety_checker: "yes",
  enhance_prompt: "no",
  provider: "builtin",
};

describe("ModelsLab's shapes for a generation", () => {
  test("success: output URLs, seconds taken, meta in ModelsLab's words, billing in USD", () => {
    assert.deepEqual(presentStarted({ generation: generation(), walletBalanceMinor: 1_998 }), {
      status: "success",
      generationTime: 1.234,
      id: 41,
      output: ["http://127.0.0.1:3999/generated/41-0.png"],
      proxy_links: ["http://127.0.0.1:3999/generated/41-0.png"],
      nsfw_content_detected: false,
      meta,
      billing: { price: 0.02, charged: 0.02, currency: "USD", funded_by: "wallet", wallet_balance: 19.98 },
    });
    const fetched = presentGeneration(generation({ fundedBy: "plan_quota", chargedMinor: 0 }));
    assert.deepEqual(fetched.billing, { price: 0.02, charged: 0, currency: "USD", funded_by: "plan_quota" });
  });

  test("processing: the eta, where to fetch, and no output yet", () => {
    const body = presentGeneration(
      generation({ status: "processing", output: [], etaSeconds: 12, generationMs: null, api: "v7" }),
    );
    assert.deepEqual(body, {
      status: "processing",
      id: 41,
      eta: 12,
      message: "Your request is being processed. Fetch the result after the eta (seconds).",
      tip: "POST /api/v7/images/fetch/41 with your key returns the result once it is ready.",
      fetch_result: "http://127.0.0.1:3999/api/v7/images/fetch/41",
      output: [],
      future_links: [],
      meta,
      billing: { price: 0.02, charged: 0.02, currency: "USD", funded_by: "wallet" },
    });
  });

  test("a failed generation is a 502 naming what was refunded, never a 2xx", () => {
    assert.throws(
      () =>
        presentGeneration(
          generation({ status: "error", error: "the provider timed out", refundedMinor: 2, output: [] }),
        ),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.status, 502);
        assert.equal(
          error.message,
          "Generation 41 failed: the provider timed out. The $0.02 charge was refunded to your wallet.",
        );
        assert.deepEqual(error.details, {
          id: 41,
          reason: "the provider timed out",
          refunded: 0.02,
          funded_by: "wallet",
          currency: "USD",
        });
        return true;
      },
    );
  });

  test("a generation the wallet cannot pay: 402 with the price and the balance in USD", () => {
    assert.throws(
      () => startRefusal(new GenerationUnaffordable(4, 3)),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "insufficient_balance");
        assert.match(error.message, /^This generation costs \$0\.04 and the wallet holds \$0\.03\./);
        assert.deepEqual(error.details, { price: 0.04, balance: 0.03, currency: "USD" });
        return true;
      },
    );
    const other = new AppError("not_found", "Generation not found.");
    assert.throws(
      () => startRefusal(other),
      (error: unknown) => error === other,
    );
  });
});
