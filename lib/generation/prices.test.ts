import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, test } from "node:test";
import { EnvError, parseEnv, resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_PRICES, quote, sizeTiers } from "./prices";

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "onramp-gen-env-"));

afterEach(() => {
  delete process.env.GENERATION_PRICES_JSON;
  resetEnvCache();
});

test("a request pays the smallest listed size that covers its area, per image", () => {
  assert.equal(quote({ modelId: "flux", width: 512, height: 512, samples: 1 }).totalMinor, 2);
  assert.equal(quote({ modelId: "flux", width: 64, height: 64, samples: 1 }).totalMinor, 2);
  assert.equal(quote({ modelId: "flux", width: 520, height: 512, samples: 1 }).tier.size, "768x768");
  assert.equal(quote({ modelId: "flux", width: 1024, height: 576, samples: 1 }).tier.size, "768x768");
  const four = quote({ modelId: "flux", width: 1024, height: 1024, samples: 4 });
  assert.deepEqual([four.unitMinor, four.totalMinor, four.tier.size], [4, 16, "1024x1024"]);
});

test("an unknown model or a size beyond the model's largest is a 422 naming the field", () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "validation_error");
      return error.details ?? {};
    }
    assert.fail("expected a refusal");
  };
  assert.ok(refusal(() => quote({ modelId: "nope", width: 512, height: 512, samples: 1 })).model_id);
  assert.ok(
    refusal(() => quote({ modelId: "stable-diffusion-v1-5", width: 1024, height: 1024, samples: 1 })).width,
  );
  // Own-property lookup only: prototype names are not models.
  assert.ok(refusal(() => quote({ modelId: "constructor", width: 512, height: 512, samples: 1 })).model_id);
});

test("GENERATION_PRICES_JSON replaces the table", () => {
  process.env.GENERATION_PRICES_JSON = '{"mine": {"1024x1024": 9, "256x256": 1}}';
  resetEnvCache();
  assert.deepEqual(
    sizeTiers("mine")?.map((t) => t.size),
    ["256x256", "1024x1024"],
  );
  assert.equal(sizeTiers("flux"), null);
  assert.ok(DEFAULT_PRICES.flux);
});

test("generation settings are validated with the variable named", () => {
  const base = { ONRAMP_DATA_DIR: dataDir() };
  const defaults = parseEnv(base).generation;
  assert.deepEqual(defaults, {
    provider: "builtin",
    upstreamUrl: undefined,
    upstreamKey: undefined,
    prices: undefined,
  });
  const upstream = parseEnv({
    ...base,
    GENERATION_PROVIDER: "upstream",
    GENERATION_UPSTREAM_URL: "https://gen.example.com/",
    GENERATION_UPSTREAM_KEY: "k",
  }).generation;
  assert.deepEqual([upstream.provider, upstream.upstreamUrl], ["upstream", "https://gen.example.com"]);
  const fails = (env: Record<string, string>, name: string) =>
    assert.throws(
      () => parseEnv({ ...base, ...env }),
      (e: unknown) => e instanceof EnvError && e.message.includes(name),
    );
  fails({ GENERATION_PROVIDER: "upstream" }, "GENERATION_UPSTREAM_URL");
  fails({ GENERATION_PROVIDER: "upstream", GENERATION_UPSTREAM_URL: "https://x" }, "GENERATION_UPSTREAM_KEY");
  fails({ GENERATION_PROVIDER: "magic" }, "GENERATION_PROVIDER");
  fails({ GENERATION_UPSTREAM_URL: "ftp://x" }, "GENERATION_UPSTREAM_URL");
  fails({ GENERATION_PRICES_JSON: "{not json" }, "GENERATION_PRICES_JSON");
  fails({ GENERATION_PRICES_JSON: '{"m": {"big": 1}}' }, "GENERATION_PRICES_JSON");
  fails({ GENERATION_PRICES_JSON: '{"m": {"512x512": 1.5}}' }, "GENERATION_PRICES_JSON");
  fails({ GENERATION_PRICES_JSON: '{"m": {}}' }, "GENERATION_PRICES_JSON");
  fails({ GENERATION_PRICES_JSON: "{}" }, "GENERATION_PRICES_JSON");
});
