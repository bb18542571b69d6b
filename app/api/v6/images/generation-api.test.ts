import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as signupRoute from "@/app/api/agents/v1/auth/signup/route";
import * as verifyRoute from "@/app/api/agents/v1/auth/verify-email/route";
import * as paymentMethodsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as configRoute from "@/app/api/agents/v1/billing/stripe-config/route";
import * as preferencesRoute from "@/app/api/agents/v1/me/preferences/route";
import * as autoFundingRoute from "@/app/api/agents/v1/wallet/auto-funding/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import * as v6CatchAll from "@/app/api/v6/[...path]/route";
import * as v6FetchByBody from "@/app/api/v6/images/fetch/route";
import * as text2imgRoute from "@/app/api/v6/images/text2img/route";
import * as mailboxRoute from "@/app/dev/mailbox/messages/route";
import { getDb } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema/accounts";
import { generations } from "@/lib/db/schema/generation";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { resetEnvCache } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { PNG_SIGNATURE } from "@/lib/generation/png";
import { settleStaleGenerations } from "@/lib/generation/sweep";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases } from "@/tests/helpers/database";
import {
  accountIdOf,
  balanceMinor,
  credit,
  fetchV6,
  fetchV7,
  getImage,
  SEED_PROMPT,
  text2img,
  textToImage,
} from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

for (const kind of availableDatabases()) {
  describe(`generation API on ${kind}`, () => {
    const suite = moneySuite(kind, { beforeTeardown: settleFollowUps });

    test("the seed's five calls end with an image URL that serves a PNG, paid once from the wallet", async () => {
      const db = await getDb();
      const email = `seed-${kind}-${Date.now()}@example.com`;
      // 1. Create the account.
      const signup = await call(signupRoute.POST, "/api/agents/v1/auth/signup", {
        method: "POST",
        body: { email, password: "secret123", name: "Agent Runner" },
      });
      assert.equal(signup.status, 201);
      // 2. Verify with the code from the email: access_token and api_key come back.
      const mail = await call(mailboxRoute.GET, `/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
      const code = /Verification code: (\S+)/.exec(mail.json.data[0].text)?.[1];
      const verified = await call(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: code },
      });
      assert.equal(verified.status, 200);
      const { access_token, api_key } = verified.json.data;
      const auth = { authorization: `Bearer ${access_token}` };
      // 3. Tokenize the card at Stripe with the publishable key.
      const config = (await call(configRoute.GET, "/api/agents/v1/billing/stripe-config", { headers: auth }))
        .json.data;
      const tokenized = await fetch(`${config.api_base}/v1/payment_methods`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
        body: new URLSearchParams({
          type: "card",
          "card[number]": "4242424242424242",
          "card[exp_month]": "12",
          "card[exp_year]": "2027",
          "card[cvc]": "123",
        }),
      });
      const pm = ((await tokenized.json()) as { id: string }).id;
      // 4. Fund the wallet with $25.
      const funded = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        headers: auth,
        body: { amount: 25, payment_method_id: pm },
      });
      assert.equal(funded.status, 200);
      assert.equal(funded.json.data.balance, 25);
      // 5. Generate with the api_key from step 2 — the seed's body, verbatim.
      const generated = await text2img({
        key: api_key,
        model_id: "flux",
        prompt: SEED_PROMPT,
        width: 1024,
        height: 1024,
      });
      assert.equal(generated.status, 200, JSON.stringify(generated.json));
      const body = generated.json;
      assert.equal(body.status, "success");
      assert.equal(typeof body.id, "number");
      assert.equal(body.output.length, 1);
      assert.match(body.output[0], /^http:\/\/127\.0\.0\.1:3999\/generated\/[\w-]{22}\.png$/);
      assert.deepEqual(body.meta, {
        prompt: SEED_PROMPT,
        model_id: "flux",
        W: 1024,
        H: 1024,
        width: 1024,
        height: 1024,
        n_samples: 1,
        seed: body.meta.seed,
        steps: 30,
        guidance_scale: 7.5,
        provider: "builtin",
      });
      assert.deepEqual(body.billing, {
        price: 0.04,
        charged: 0.04,
        currency: "USD",
        funded_by: "wallet",
        wallet_balance: 24.96,
      });
      assert.ok(generated.headers.get("x-request-id"));
      assert.ok(generated.headers.get("x-ratelimit-remaining"));

      const image = await getImage(body.output[0]);
      assert.equal(image.status, 200);
      assert.equal(image.type, "image/png");
      assert.ok(image.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
      assert.deepEqual(pngSize(image.bytes), { width: 1024, height: 1024 });

      const balance = await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: auth });
      assert.equal(balance.json.data.balance, 24.96);
      const accountId = await accountIdOf(db, verified.json.data.user.id);
      const usage = await db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "usage")));
      assert.equal(usage.length, 1);
      assert.equal(usage[0]?.externalId, String(body.id));
      assert.equal(usage[0]?.amountMinor, -4);

      // The fetch route answers the same finished generation, and charges nothing.
      const fetched = await fetchV6(body.id, { key: api_key });
      assert.equal(fetched.status, 200);
      assert.equal(fetched.json.status, "success");
      assert.deepEqual(fetched.json.output, body.output);
      assert.equal(await balanceMinor(db, accountId), 2496);

      // Same prompt, size and seed: the same picture, byte for byte (and a second, separate charge).
      const again = await text2img({
        key: api_key,
        model_id: "flux",
        prompt: SEED_PROMPT,
        width: 1024,
        height: 1024,
      });
      assert.equal(again.json.meta.seed, body.meta.seed);
      assert.notEqual(again.json.id, body.id);
      assert.ok((await getImage(again.json.output[0])).bytes.equals(image.bytes));
      assert.equal(await balanceMinor(db, accountId), 2492);
    });

    test("a bad key is 401, bad parameters 422, card data 400 — in ModelsLab's error shape, never a 2xx", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 1000);
      const good = { key: agent.apiKey, model_id: "flux", prompt: "a lighthouse", width: 512, height: 512 };
      const refused = async (
        response: Awaited<ReturnType<typeof text2img>>,
        status: number,
        code: string,
      ) => {
        assert.equal(response.status, status, JSON.stringify(response.json));
        assert.equal(response.json.status, "error");
        assert.equal(response.json.code, code);
        assert.equal(typeof response.json.message, "string");
        return response.json;
      };

      await refused(await text2img({ ...good, key: undefined }), 401, "unauthenticated");
      await refused(await text2img({ ...good, key: "not-a-key" }), 401, "unauthenticated");
      await refused(
        // The last character changed (to another one: an "x" replaced by "x" would still be the key).
        await text2img({
          ...good,
          key: `${agent.apiKey.slice(0, -1)}${agent.apiKey.endsWith("x") ? "y" : "x"}`,
        }),
        401,
        "unauthenticated",
      );
      // The v6 route reads the key from the body only.
      await refused(
        await text2img({ ...good, key: undefined }, { headers: { key: agent.apiKey } }),
        401,
        "unauthenticated",
      );
      await refused(await textToImage({ prompt: "x" }), 401, "unauthenticated");
      await refused(
        await text2img(undefined, { rawBody: "{not json", headers: { "content-type": "application/json" } }),
        400,
        "invalid_json",
      );

      const missing = await refused(await text2img({ key: agent.apiKey }), 422, "validation_error");
      assert.ok(missing.details.prompt);
      assert.ok(
        (await refused(await text2img({ ...good, width: 1025 }), 422, "validation_error")).details.width,
      );
      assert.ok(
        (await refused(await text2img({ ...good, height: 2048 }), 422, "validation_error")).details.height,
      );
      assert.ok(
        (await refused(await text2img({ ...good, samples: 5 }), 422, "validation_error")).details.samples,
      );
      assert.ok(
        (await refused(await text2img({ ...good, model_id: "no-such-model" }), 422, "validation_error"))
          .details.model_id,
      );
      assert.ok(
        (
          await refused(
            await text2img({ ...good, webhook: "https://example.com/hook" }),
            422,
            "validation_error",
          )
        ).details.webhook,
      );
      const tooBig = await refused(
        await text2img({ ...good, model_id: "stable-diffusion-v1-5", width: 1024, height: 1024 }),
        422,
        "validation_error",
      );
      assert.match(tooBig.message, /768x768/);
      assert.ok(
        (await refused(await textToImage({ ...good, aspect_ratio: "10:1" }), 422, "validation_error")).details
          .aspect_ratio,
      );
      await refused(
        await text2img({ ...good, prompt: "print 4242 4242 4242 4242 on a poster" }),
        400,
        "raw_card_data_rejected",
      );

      // Strings for numbers and "yes"/"no" flags, as ModelsLab's own examples send them, are fine.
      const stringy = await text2img({
        ...good,
        width: "512",
        height: "512",
        samples: "1",
        safety_checker: "no",
        seed: null,
      });
      assert.equal(stringy.status, 200, JSON.stringify(stringy.json));
      assert.equal(stringy.json.meta.safety_checker, "no");

      // Only the one good request was paid for.
      assert.equal(await balanceMinor(db, accountId), 1000 - 2);
    });

    test("402 insufficient_balance carries the price and the balance; nothing is recorded or charged", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      const empty = await text2img({
        key: agent.apiKey,
        model_id: "flux",
        prompt: SEED_PROMPT,
        width: 1024,
        height: 1024,
      });
      assert.equal(empty.status, 402);
      assert.deepEqual(empty.json.details, { price: 0.04, balance: 0, currency: "USD" });

      await credit(db, accountId, 3);
      const short = await text2img({
        key: agent.apiKey,
        model_id: "flux",
        prompt: SEED_PROMPT,
        width: 1024,
        height: 1024,
      });
      assert.equal(short.status, 402);
      assert.equal(short.json.status, "error");
      assert.equal(short.json.code, "insufficient_balance");
      assert.deepEqual(short.json.details, { price: 0.04, balance: 0.03, currency: "USD" });
      assert.match(short.json.message, /\$0\.04.*\$0\.03/);
      assert.equal(await balanceMinor(db, accountId), 3);
      assert.equal(
        (await db.select().from(generations).where(eq(generations.accountId, accountId))).length,
        0,
      );

      // Four images cost four times the price.
      const four = await text2img({
        key: agent.apiKey,
        model_id: "flux",
        prompt: "x",
        width: 512,
        height: 512,
        samples: 4,
      });
      assert.equal(four.status, 402);
      assert.equal(four.json.details.price, 0.08);
    });

    test("v7: key in a header, size from aspect_ratio, fetch with the header; another account's id is 404", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const other = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 100);
      const made = await textToImage(
        { model_id: "flux", prompt: "a red fox in snow", aspect_ratio: "16:9", samples: 2 },
        { headers: { key: agent.apiKey } },
      );
      assert.equal(made.status, 200, JSON.stringify(made.json));
      assert.equal(made.json.status, "success");
      assert.equal(made.json.meta.W, 1024);
      assert.equal(made.json.meta.H, 576);
      assert.equal(made.json.meta.aspect_ratio, "16:9");
      assert.equal(made.json.output.length, 2);
      // 1024×576 fits flux's 768x768 price (3¢), twice.
      assert.equal(made.json.billing.price, 0.06);
      assert.equal(await balanceMinor(db, accountId), 94);
      const [first, second] = await Promise.all(made.json.output.map((u: string) => getImage(u)));
      assert.deepEqual(pngSize(first?.bytes ?? Buffer.alloc(24)), { width: 1024, height: 576 });
      assert.ok(first && second && !first.bytes.equals(second.bytes), "each sample is its own picture");

      const fetched = await fetchV7(made.json.id, {}, { headers: { key: agent.apiKey } });
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.json.output, made.json.output);
      const stranger = await fetchV7(made.json.id, { key: other.apiKey });
      assert.equal(stranger.status, 404);
      assert.equal(stranger.json.code, "not_found");
      assert.equal((await fetchV6("abc", { key: agent.apiKey })).status, 404);
      assert.equal((await fetchV6(999_999_999, { key: agent.apiKey })).status, 404);
      assert.equal((await getImage("http://x/generated/AAAAAAAAAAAAAAAAAAAAAA.png")).status, 404);
      assert.equal((await getImage("http://x/generated/..%2Fetc.png")).status, 404);
    });

    test("a generation a crash left processing is finished by the next fetch, or by the sweeper", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 10);
      const made = [];
      for (const prompt of ["first", "second"]) {
        const r = await text2img({
          key: agent.apiKey,
          model_id: "flux-schnell",
          prompt,
          width: 64,
          height: 64,
        });
        assert.equal(r.status, 200);
        made.push(r.json);
      }
      // As if the process died after the debit, before the provider's answer was recorded.
      const stranded = { status: "processing" as const, output: [], completedAt: null };
      await db.update(generations).set(stranded).where(eq(generations.accountId, accountId));

      const viaFetch = await call(v6FetchByBody.POST, "/api/v6/images/fetch", {
        method: "POST",
        body: { key: agent.apiKey, request_id: String(made[0].id) },
      });
      assert.equal(viaFetch.status, 200, JSON.stringify(viaFetch.json));
      assert.equal(viaFetch.json.status, "success");
      assert.deepEqual(viaFetch.json.output, made[0].output, "the same image, under the same URL");
      const noId = await call(v6FetchByBody.POST, "/api/v6/images/fetch", {
        method: "POST",
        body: { key: agent.apiKey },
      });
      assert.equal(noId.status, 422);
      assert.ok(noId.json.details.request_id);

      const swept = await settleStaleGenerations(db, { now: new Date(Date.now() + 15 * 60_000) });
      assert.deepEqual(swept, { checked: 1, failed: 0 });
      const [second] = await db.select().from(generations).where(eq(generations.id, made[1].id));
      assert.equal(second?.status, "success");
      assert.deepEqual(second?.output, made[1].output);
      assert.equal(await balanceMinor(db, accountId), 8, "nothing charged again");
    });

    test("Idempotency-Key: a retried generation is replayed, not paid twice", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 100);
      const body = { key: agent.apiKey, model_id: "sdxl", prompt: "a teapot", width: 512, height: 512 };
      const headers = { "idempotency-key": `gen-${kind}-1` };
      const first = await text2img(body, { headers });
      const again = await text2img(body, { headers });
      assert.equal(first.status, 200);
      assert.equal(again.status, 200);
      assert.equal(again.json.idempotency_replay, true);
      assert.equal(again.headers.get("idempotent-replayed"), "true");
      assert.equal(again.json.id, first.json.id);
      assert.equal(await balanceMinor(db, accountId), 99);
      const reused = await text2img({ ...body, prompt: "another teapot" }, { headers });
      assert.equal(reused.status, 422);
      assert.equal(reused.json.code, "idempotency_key_reused");
    });

    test("a static route called the way Next calls it (params resolving to undefined) works", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      await credit(db, await accountIdOf(db, agent.userId), 2);
      const response = await text2imgRoute.POST(
        new Request("http://127.0.0.1:3999/api/v6/images/text2img", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            key: agent.apiKey,
            model_id: "flux",
            prompt: SEED_PROMPT,
            width: 64,
            height: 64,
          }),
        }),
        { params: Promise.resolve(undefined as unknown as Record<string, string>) },
      );
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(((await response.json()) as { status: string }).status, "success");
    });

    test("wrong methods are 405 and unknown /api/v6 paths 404, in ModelsLab's error shape", async () => {
      const wrong = await call(text2imgRoute.GET, "/api/v6/images/text2img");
      assert.equal(wrong.status, 405);
      assert.equal(wrong.json.status, "error");
      assert.equal(wrong.json.code, "method_not_allowed");
      assert.equal(wrong.headers.get("allow"), "POST");
      const unknown = await call(v6CatchAll.POST, "/api/v6/images/nothing-here", {
        method: "POST",
        body: {},
      });
      assert.equal(unknown.status, 404);
      assert.deepEqual(Object.keys(unknown.json).sort(), ["code", "details", "message", "status"]);
      assert.equal(unknown.json.code, "route_not_found");
    });

    test("a debit that takes the balance under the owner's threshold sends the low-balance alert", async () => {
      const db = await getDb();
      const agent: TestAgent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      const prefs = await call(preferencesRoute.PATCH, "/api/agents/v1/me/preferences", {
        method: "PATCH",
        headers: agent.auth,
        body: { wallet_notification_enabled: true, wallet_notification_threshold: 1 },
      });
      assert.equal(prefs.status, 200, JSON.stringify(prefs.json));
      await credit(db, accountId, 102);
      const alerts = async () =>
        (await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, agent.email))).filter(
          (m) => m.template === "low-balance",
        );
      await text2img({ key: agent.apiKey, model_id: "flux", prompt: "x", width: 512, height: 512 }); // $1.00 left
      await settleFollowUps();
      assert.equal((await alerts()).length, 0);
      await text2img({ key: agent.apiKey, model_id: "flux", prompt: "y", width: 512, height: 512 }); // $0.98 left
      await settleFollowUps();
      const sent = await alerts();
      assert.equal(sent.length, 1);
      assert.match(sent[0]?.subject ?? "", /\$0\.98/);
    });

    test("a debit that crosses the auto-funding threshold tops the wallet up from the saved card", async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      const pm = await suite.stripe().tokenize("4242424242424242");
      const saved = await call(paymentMethodsRoute.POST, "/api/agents/v1/billing/payment-methods", {
        method: "POST",
        headers: agent.auth,
        body: { payment_method_id: pm, make_default: true },
      });
      assert.ok(saved.status < 300, JSON.stringify(saved.json));
      const funded = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        headers: agent.auth,
        body: { amount: 25, payment_method_id: pm },
      });
      assert.equal(funded.status, 200);
      const configured = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
        method: "PUT",
        headers: agent.auth,
        body: { auto_charge_amount: 10, charge_threshold: 25 },
      });
      assert.equal(configured.status, 200, JSON.stringify(configured.json));
      const made = await text2img({
        key: agent.apiKey,
        model_id: "flux",
        prompt: SEED_PROMPT,
        width: 1024,
        height: 1024,
      });
      assert.equal(made.json.billing.wallet_balance, 24.96);
      await settleFollowUps();
      assert.equal(await balanceMinor(db, accountId), 3496);
      const topUps = await db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "auto_fund")));
      assert.equal(topUps.length, 1);
    });

    test("the agent-general limiter applies per IP and key, and its 429 is a ModelsLab-shaped error", async () => {
      process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "2";
      resetEnvCache();
      resetRateLimiters();
      try {
        const agent = await onboardAgent();
        const db = await getDb();
        await credit(db, await accountIdOf(db, agent.userId), 100);
        const body = { key: agent.apiKey, model_id: "flux-schnell", prompt: "x", width: 64, height: 64 };
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push(await text2img(body, { ip: "10.9.9.9" }));
        assert.deepEqual(
          statuses.map((r) => r.status),
          [200, 200, 429],
        );
        assert.equal(statuses[2]?.json.code, "rate_limited");
        assert.ok(Number(statuses[2]?.headers.get("retry-after")) >= 1);
        // Another IP has its own bucket.
        assert.equal((await text2img(body, { ip: "10.9.9.10" })).status, 200);
      } finally {
        process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
        resetEnvCache();
        resetRateLimiters();
      }
    });
  });
}
