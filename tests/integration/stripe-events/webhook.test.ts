import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq } from "drizzle-orm";
import { POST as webhook } from "@/app/api/stripe/webhook/route";
import { getDb } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { auditEvents } from "@/lib/db/schema/platform";
import { ledgerEntries, stripeEvents } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { signWebhookPayload, stripe } from "@/lib/stripe/client";
import { ensureWallet, post } from "@/lib/wallet/ledger";
import { useFreshDatabase } from "@/tests/helpers/database";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { handleStripeEvent } from "../../../lib/stripe-events/inbox";
import { reconcile } from "../../../lib/stripe-events/reconcile";
import { verifyStripeEvent } from "../../../lib/stripe-events/verify";

async function newAccount(): Promise<string> {
  const [row] = await (await getDb())
    .insert(accounts)
    .values({ kind: "personal", name: "Webhook test", username: `wh_${randomUUID().slice(0, 8)}` })
    .returning({ id: accounts.id });
  return row!.id;
}

/** A PaymentIntent that succeeded at Stripe with no help from Onramp (as after a crash, or via Checkout). */
async function succeededAtStripe(t: TestStripe, accountId: string, amount = 2000) {
  return stripe().paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: await t.tokenize("4242424242424242"),
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    metadata: { onramp_account_id: accountId, onramp_purpose: "fund" },
  });
}

async function eventFor(objectId: string, type: string) {
  for await (const event of stripe().events.list({ type, limit: 100 })) {
    if ((event.data.object as { id: string }).id === objectId) return event;
  }
  throw new Error(`no ${type} event for ${objectId}`);
}

const deliver = (payload: string, header: string) =>
  webhook(
    new Request("http://127.0.0.1/api/stripe/webhook", {
      method: "POST",
      headers: { "stripe-signature": header },
      body: payload,
    }),
  );

const credits = async (accountId: string) =>
  (await getDb())
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "fund")));

describe("signature checks (WH-01…07)", () => {
  const secret = "whsec_test_secret";
  const payload = JSON.stringify({
    id: "evt_1",
    object: "event",
    type: "ping",
    data: { object: { id: "x" } },
  });
  const now = Math.floor(Date.now() / 1000);

  test("valid → parsed; a changed byte, a wrong secret, a stale or future timestamp → refused", () => {
    assert.equal(verifyStripeEvent(payload, signWebhookPayload(payload, secret), secret).id, "evt_1");
    const header = signWebhookPayload(payload, secret);
    assert.throws(() => verifyStripeEvent(payload.replace("ping", "pong"), header, secret), /signature/);
    assert.throws(
      () => verifyStripeEvent(payload, signWebhookPayload(payload, "whsec_other"), secret),
      /signature/,
    );
    assert.throws(() => verifyStripeEvent(payload, signWebhookPayload(payload, secret, now - 301), secret));
    assert.equal(
      verifyStripeEvent(payload, signWebhookPayload(payload, secret, now - 299), secret).id,
      "evt_1",
    );
    assert.throws(
      () => verifyStripeEvent(payload, signWebhookPayload(payload, secret, now + 600), secret),
      /future/,
    );
  });

  test("header variants: two v1 (one good) pass; v0 only, missing or malformed fail", () => {
    const good = signWebhookPayload(payload, secret, now);
    const v1 = good.split(",").find((p) => p.startsWith("v1="))!;
    assert.equal(verifyStripeEvent(payload, `t=${now},v1=${"0".repeat(64)},${v1}`, secret).id, "evt_1");
    assert.throws(() => verifyStripeEvent(payload, `t=${now},v0=${v1.slice(3)}`, secret));
    assert.throws(() => verifyStripeEvent(payload, null, secret), /Missing/);
    assert.throws(() => verifyStripeEvent(payload, "garbage", secret), /Malformed/);
  });

  test("re-serialised JSON fails: the route must verify the raw text", () => {
    const spaced = JSON.stringify(JSON.parse(payload), null, 2);
    assert.throws(() => verifyStripeEvent(spaced, signWebhookPayload(payload, secret), secret), /signature/);
  });
});

describe("webhook effects through the emulator", () => {
  let cleanup: () => Promise<void>;
  let t: TestStripe;
  let failing = 0;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    t = await useEmulator({ deliverWebhooks: true, failDeliveries: () => failing-- > 0 });
  });
  after(async () => {
    await assertLedgerInvariants(await getDb());
    await t.close();
    await cleanup();
  });

  test("WH-02/03 through the route: tampered or unsigned → 400 and no effect", async () => {
    const accountId = await newAccount();
    await t.helper("/_emulator/faults", { target: "webhook", action: "drop", event_type: "*", count: 100 });
    const intent = await succeededAtStripe(t, accountId);
    const event = await eventFor(intent.id, "payment_intent.succeeded");
    const payload = JSON.stringify(event);
    const tampered = await deliver(
      payload.replace(`"amount":2000`, `"amount":9000`),
      signWebhookPayload(payload, env().stripe.webhookSecret),
    );
    assert.equal(tampered.status, 400);
    const forged = await deliver(payload, signWebhookPayload(payload, "whsec_attacker"));
    assert.equal(forged.status, 400);
    assert.equal((await credits(accountId)).length, 0);
    await fetch(`${t.url}/_emulator/faults`, { method: "DELETE" });
  });

  test("WH-08/10: an event Onramp never saw, delivered 5× then 20× at once → one credit of Stripe's amount", async () => {
    const accountId = await newAccount();
    await t.helper("/_emulator/faults", {
      target: "webhook",
      action: "drop",
      event_type: "payment_intent.succeeded",
      count: 1,
    });
    const intent = await succeededAtStripe(t, accountId, 3100);
    const event = await eventFor(intent.id, "payment_intent.succeeded");
    const payload = JSON.stringify(event);
    const header = () => signWebhookPayload(payload, env().stripe.webhookSecret);
    for (let i = 0; i < 5; i++) assert.equal((await deliver(payload, header())).status, 200);
    const burst = await Promise.all(Array.from({ length: 20 }, () => deliver(payload, header())));
    assert.ok(burst.every((r) => r.status === 200));
    const rows = await credits(accountId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.amountMinor, 3100);
    assert.equal(rows[0]?.externalId, intent.id);
  });

  test("WH-09: succeeded before created → the end state is Stripe's (succeeded, credited)", async () => {
    const accountId = await newAccount();
    await t.helper("/_emulator/faults", {
      target: "webhook",
      action: "drop",
      event_type: "payment_intent.*",
      count: 10,
    });
    const intent = await succeededAtStripe(t, accountId);
    const db = await getDb();
    await handleStripeEvent(db, await eventFor(intent.id, "payment_intent.succeeded"));
    await handleStripeEvent(db, await eventFor(intent.id, "payment_intent.created"));
    assert.equal((await credits(accountId)).length, 1);
    await fetch(`${t.url}/_emulator/faults`, { method: "DELETE" });
  });

  test("WH-11: an unknown event type → 200 and ignored", async () => {
    const payload = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: "event",
      type: "radar.early_fraud_warning.created",
      livemode: false,
      data: { object: { id: "issfr_1" } },
    });
    const res = await deliver(payload, signWebhookPayload(payload, env().stripe.webhookSecret));
    assert.equal(res.status, 200);
    const body = (await res.json()).data;
    assert.equal(body.handled, false);
    assert.equal(body.ignored, undefined);
  });

  test("WH-16: an event first seen 29 days ago is still a duplicate: no second credit", async () => {
    const accountId = await newAccount();
    const intent = await succeededAtStripe(t, accountId, 1300);
    await t.emulator.webhooksIdle();
    const event = await eventFor(intent.id, "payment_intent.succeeded");
    const db = await getDb();
    const monthAgo = new Date(Date.now() - 29 * 86_400_000);
    await db
      .update(stripeEvents)
      .set({ receivedAt: monthAgo, processedAt: monthAgo })
      .where(eq(stripeEvents.id, event.id));
    // The credit is gone from the ledger's view only if dedupe failed: deliver the event again.
    const payload = JSON.stringify(event);
    const res = await deliver(payload, signWebhookPayload(payload, env().stripe.webhookSecret));
    assert.equal((await res.json()).data.duplicate, true);
    assert.equal((await credits(accountId)).length, 1);
  });

  test("WH-17: a live-mode event at a test-mode endpoint → 200, ignored, audited; nothing credited", async () => {
    const accountId = await newAccount();
    const intent = await succeededAtStripe(t, accountId, 1700);
    await t.emulator.webhooksIdle();
    const event = await eventFor(intent.id, "payment_intent.succeeded");
    const forged = { ...event, id: `evt_${randomUUID()}`, livemode: true };
    const payload = JSON.stringify(forged);
    const res = await deliver(payload, signWebhookPayload(payload, env().stripe.webhookSecret));
    assert.equal(res.status, 200);
    const body = (await res.json()).data;
    assert.deepEqual([body.handled, body.ignored], [false, "livemode_mismatch"]);
    const db = await getDb();
    const [audited] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, forged.id));
    assert.equal(audited?.action, "stripe.event_livemode_mismatch");
    assert.equal((await db.select().from(stripeEvents).where(eq(stripeEvents.id, forged.id))).length, 0);
    assert.equal((await credits(accountId)).length, 1, "only the real test-mode event's credit");
  });

  test("WH-14: the endpoint fails 3 times, then recovers → the emulator's retries give exactly one credit", async () => {
    const accountId = await newAccount();
    failing = 3;
    const intent = await succeededAtStripe(t, accountId, 1200);
    for (let i = 0; i < 100 && (await credits(accountId)).length === 0; i++) await sleep(100);
    await t.emulator.webhooksIdle();
    const rows = await credits(accountId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.externalId, intent.id);
    assert.ok(failing <= 0, "the outage was really hit");
  });

  /** A payment that succeeded at Stripe while its webhook was lost. */
  const succeededUnheard = async (accountId: string, amount: number) => {
    await t.helper("/_emulator/faults", {
      target: "webhook",
      action: "drop",
      event_type: "payment_intent.succeeded",
      count: 1,
    });
    const intent = await succeededAtStripe(t, accountId, amount);
    await t.emulator.webhooksIdle();
    return intent;
  };

  test("REC-01: 5 of 20 webhooks dropped → the reconciler credits those 5, then finds nothing", async () => {
    await t.emulator.webhooksIdle();
    await reconcile(await getDb()); // settle anything earlier tests left behind
    const accountId = await newAccount();
    await t.helper("/_emulator/faults", {
      target: "webhook",
      action: "drop",
      event_type: "payment_intent.succeeded",
      count: 5,
    });
    for (let i = 0; i < 20; i++) await succeededAtStripe(t, accountId, 1000);
    await t.emulator.webhooksIdle();
    assert.equal((await credits(accountId)).length, 15);
    const first = await reconcile(await getDb());
    assert.equal(first.credited, 5);
    assert.deepEqual(first.exceptions, []);
    const second = await reconcile(await getDb());
    assert.equal(second.credited, 0);
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 20_000);
  });

  test("REC-03/04: a credit without a payment and an amount mismatch are reported on every run, recorded once", async () => {
    const db = await getDb();
    await reconcile(db); // settle anything earlier tests left behind
    const accountId = await newAccount();
    const intent = await succeededUnheard(accountId, 1500);
    // As if someone had posted these by hand: a credit for 1,600 against a 1,500 payment, and one
    // for a PaymentIntent Stripe has never seen.
    for (const [amountMinor, externalId] of [
      [1600, intent.id],
      [900, "pi_never_at_stripe"],
    ] as const) {
      await post(db, {
        accountId,
        amountMinor,
        kind: "fund",
        source: "stripe",
        externalId,
        description: "hand-made",
        actor: { userId: null, kind: "system" },
      });
    }
    const expected = [
      { kind: "amount_mismatch", reference: intent.id, detail: "ledger 1600 vs Stripe 1500 (cents)" },
      {
        kind: "credit_without_payment",
        reference: "pi_never_at_stripe",
        detail: "no such object at Stripe in the window",
      },
    ];
    const sorted = (list: Array<{ reference: string }>) =>
      [...list].sort((a, b) => a.reference.localeCompare(b.reference));
    const first = await reconcile(db);
    assert.equal(first.credited, 0, "an existing entry, even a wrong one, is never credited again");
    assert.deepEqual(sorted(first.exceptions), sorted(expected));
    assert.equal(first.newExceptions, 2);
    const second = await reconcile(db);
    assert.deepEqual(sorted(second.exceptions), sorted(expected));
    assert.equal(second.newExceptions, 0);
    const recorded = await db.select().from(auditEvents).where(eq(auditEvents.action, "reconcile.exception"));
    assert.deepEqual(recorded.map((r) => r.targetId).sort(), [intent.id, "pi_never_at_stripe"].sort());
    assert.equal((await ensureWallet(db, accountId)).balanceMinor, 2500, 'nothing was "fixed"');
  });

  test("REC-06 / CRASH-02(c): reconciler and webhook on the same lost payment at once → one credit", async () => {
    const accountId = await newAccount();
    const intent = await succeededUnheard(accountId, 700);
    const event = await eventFor(intent.id, "payment_intent.succeeded");
    const db = await getDb();
    await Promise.all([reconcile(db), handleStripeEvent(db, event), reconcile(db)]);
    assert.equal((await credits(accountId)).length, 1);
  });
});
