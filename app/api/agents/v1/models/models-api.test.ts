import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as detailRoute from "@/app/api/agents/v1/models/[modelId]/route";
import * as filtersRoute from "@/app/api/agents/v1/models/filters/route";
import * as providersRoute from "@/app/api/agents/v1/models/providers/route";
import * as modelsRoute from "@/app/api/agents/v1/models/route";
import * as tagsRoute from "@/app/api/agents/v1/models/tags/route";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { text2imgSchema, textToImageSchema } from "@/lib/generation/schemas";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { accountIdOf, balanceMinor, credit, text2img } from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";

process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
process.env.RATE_LIMIT_AUTH_PER_MINUTE = "100000";

for (const kind of availableDatabases())
  describe(`models API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let agent: TestAgent;
    const list = async (query = "") =>
      (await call(modelsRoute.GET, `/api/agents/v1/models${query}`, { headers: agent.auth })).json;
    const ids = (body: { data: { items: Array<{ model_id: string }> } }) =>
      body.data.items.map((m) => m.model_id);

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      agent = await onboardAgent();
    });
    after(async () => {
      await settleFollowUps();
      await cleanup();
    });

    test("search, filters, sorts and paging over the served models", async () => {
      const all = await list();
      assert.equal(all.data.pagination.total, 8);
      assert.equal(all.meta.total, 8);
      assert.equal(ids(all)[0], "flux", "recommended first");
      const flux = all.data.items[0];
      assert.deepEqual(
        {
          name: flux.model_name,
          provider: flux.provider,
          feature: flux.feature,
          type: flux.model_type,
          served_by: flux.served_by,
        },
        {
          name: "FLUX.1 [dev]",
          provider: "black-forest-labs",
          feature: "imagen",
          type: "image",
          served_by: "builtin",
        },
      );
      assert.deepEqual(flux.pricing.sizes[0], { size: "512x512", width: 512, height: 512, price: 0.02 });

      assert.deepEqual(ids(await list("?search=anime")), ["anything-v5"]);
      assert.deepEqual(ids(await list("?search=FLUX%20fast")), ["flux-schnell"]);
      assert.deepEqual(ids(await list("?provider=google")), ["imagen-4"]);
      assert.deepEqual(ids(await list("?base_model=sd-1.5&sort=asc")), [
        "anything-v5",
        "realistic-vision-v6",
        "stable-diffusion-v1-5",
      ]);
      assert.deepEqual(ids(await list("?tags=photorealistic,general&sort=asc")), ["flux", "seedream-4"]);
      assert.deepEqual(ids(await list("?tags[]=photorealistic&tags[]=general&sort=asc")), [
        "flux",
        "seedream-4",
      ]);
      assert.deepEqual(
        ids(await list("?feature=imagen&model_type=image&model_subcategory=text-to-image")).length,
        8,
      );
      assert.deepEqual(ids(await list("?feature=video_fusion")), []);
      assert.equal(ids(await list("?sort=latest"))[0], "seedream-4");
      assert.equal(ids(await list("?sort=sort-desc"))[0], "sdxl", "by name: Stable Diffusion XL");

      const page = await list("?per_page=3&page=3");
      assert.equal(page.data.items.length, 2);
      assert.deepEqual(
        {
          current: page.data.pagination.current_page,
          last: page.data.pagination.last_page,
          more: page.data.pagination.has_more,
        },
        { current: 3, last: 3, more: false },
      );
      assert.equal((await list("?page=9")).data.items.length, 0);
      for (const bad of ["?sort=random", "?per_page=0", "?per_page=101", "?page=0"]) {
        const r = await call(modelsRoute.GET, `/api/agents/v1/models${bad}`, { headers: agent.auth });
        assert.equal(r.status, 422, bad);
      }
    });

    test("filters, tags and providers list what the catalogue holds, with counts", async () => {
      const filters = (await call(filtersRoute.GET, "/api/agents/v1/models/filters", { headers: agent.auth }))
        .json.data;
      assert.ok(filters.sorts.some((s: { value: string }) => s.value === "recommended"));
      assert.deepEqual(filters.features, [{ value: "imagen", count: 8, label: "Image generation" }]);
      assert.ok(
        filters.base_models.some(
          (b: { value: string; count: number }) => b.value === "sd-1.5" && b.count === 3,
        ),
      );
      const tags = (await call(tagsRoute.GET, "/api/agents/v1/models/tags", { headers: agent.auth })).json
        .data;
      assert.deepEqual(tags[0], { tag: "general", model_count: 5 });
      const providers = (
        await call(providersRoute.GET, "/api/agents/v1/models/providers", { headers: agent.auth })
      ).json.data;
      assert.deepEqual(
        providers.find((p: { provider: string }) => p.provider === "black-forest-labs"),
        { provider: "black-forest-labs", name: "Black Forest Labs", model_count: 2 },
      );
    });

    test("a model's detail carries each endpoint's parameters as the JSON Schema of the route's own zod schema", async () => {
      const detail = await call(detailRoute.GET, "/api/agents/v1/models/flux", {
        headers: agent.auth,
        params: { modelId: "flux" },
      });
      assert.equal(detail.status, 200);
      const [v6, v7] = detail.json.data.endpoints;
      assert.equal(v6.path, "/api/v6/images/text2img");
      assert.equal(v7.path, "/api/v7/images/text-to-image");
      const generated = z.toJSONSchema(text2imgSchema, { io: "input", unrepresentable: "any" }) as {
        properties: Record<string, unknown>;
      };
      assert.deepEqual(v6.parameters.properties.prompt, generated.properties.prompt);
      assert.deepEqual(v6.parameters.properties.samples, {
        ...(generated.properties.samples as object),
        default: 1,
      });
      assert.deepEqual(v6.parameters.properties.model_id.const, "flux");
      assert.deepEqual(v6.parameters.required.sort(), ["key", "model_id", "prompt"]);
      assert.deepEqual(
        {
          min: v6.parameters.properties.width.minimum,
          max: v6.parameters.properties.width.maximum,
          step: v6.parameters.properties.width.multipleOf,
          default: v6.parameters.properties.width.default,
        },
        { min: 64, max: 1024, step: 8, default: 512 },
      );
      assert.equal(v7.parameters.required.includes("key"), false, "v7 also takes the key in a header");
      assert.ok(v7.parameters.properties.aspect_ratio);
      assert.deepEqual(
        Object.keys(v7.parameters.properties).sort(),
        Object.keys(z.toJSONSchema(textToImageSchema).properties ?? {}).sort(),
      );
      const prompt = v6.config.find((c: { name: string }) => c.name === "prompt");
      assert.deepEqual(prompt, {
        name: "prompt",
        label: "Prompt",
        type: "textarea",
        required: true,
        description: "What the image should show.",
      });
      assert.ok(!v6.config.some((c: { name: string }) => c.name === "key"));

      const missing = await call(detailRoute.GET, "/api/agents/v1/models/nope", {
        headers: agent.auth,
        params: { modelId: "nope" },
      });
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error.code, "not_found");
    });

    test("model routes need models:read", async () => {
      const login = await call(loginRoute.POST, "/api/agents/v1/auth/login", {
        method: "POST",
        body: { email: agent.email, password: "secret123", scopes: ["usage:read"] },
      });
      const narrow = { authorization: `Bearer ${login.json.data.access_token}` };
      const refused = await call(modelsRoute.GET, "/api/agents/v1/models", { headers: narrow });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.details.required_scope, "models:read");
    });

    test("GENERATION_PRICES_JSON replaces the table: the catalogue and the prices follow it", async () => {
      process.env.GENERATION_PRICES_JSON = JSON.stringify({ "house-model": { "256x256": 7, "512x512": 9 } });
      resetEnvCache();
      try {
        const all = await list();
        assert.deepEqual(ids(all), ["house-model"]);
        assert.deepEqual(
          {
            name: all.data.items[0].model_name,
            provider: all.data.items[0].provider,
            from: all.data.items[0].pricing.from,
          },
          { name: "house-model", provider: "custom", from: 0.07 },
        );
        const db = await getDb();
        const accountId = await accountIdOf(db, agent.userId);
        await credit(db, accountId, 100);
        const made = await text2img({
          key: agent.apiKey,
          model_id: "house-model",
          prompt: "x",
          width: 256,
          height: 256,
        });
        assert.equal(made.status, 200, JSON.stringify(made.json));
        assert.equal(made.json.billing.price, 0.07);
        assert.equal(await balanceMinor(db, accountId), 93);
        const flux = await text2img({
          key: agent.apiKey,
          model_id: "flux",
          prompt: "x",
          width: 256,
          height: 256,
        });
        assert.equal(flux.status, 422, "a model outside the table is not served");
        const big = await text2img({
          key: agent.apiKey,
          model_id: "house-model",
          prompt: "x",
          width: 1024,
          height: 512,
        });
        assert.equal(big.status, 422);
      } finally {
        delete process.env.GENERATION_PRICES_JSON;
        resetEnvCache();
      }
    });
  });
