import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { ledgerEntries, stripeEvents } from "@/lib/db/schema/wallet";
import { stripe } from "@/lib/stripe/client";
import { useFreshDatabase } from "@/tests/helpers/database";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { CLAIM_LEASE_MS, handleStripeEvent, sweepStripeInbox } from "../../../lib/stripe-events/inbox";

async function newAccount(): Promise<string> {
  const [row] = await (await getDb())
    .insert(accounts)
    .values({ kind: "personal", name: "Inbox test", username: `ib_${randomUUID().slice(0, 8)}` })
    .returning({ id: accounts.id });
  return row!.id;
}

const credits = async (accountId: string) =>
  (await getDb())
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "fund")));

const inboxRow = async (id: string) =>
  (await (await getDb()).select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0];

describe("the webhook inbox: acknowledged after the insert, processed after the answer, swept when that fails", () => {
  let cleanup: () => Promise<void>;
  let t: TestStripe;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    // The emulator's own deliveries are dropped: each test delivers its event itself.
    t = await useEmulator({ deliverWebhooks: false });
  });
  after(async () => {
    await assertLedgerInvariants(await getDb());
    await t.close();
    await cleanup();
  });

  /** A payment that succeeded at Stripe, and its payment_intent.succeeded event. */
  async function paidEvent(accountId: string, amount: number) {
    const intent = await stripe().paymentIntents.create({
      amount,
      currency: "usd",
      payment_method: await t.tokenize("4242424242424242"),
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { onramp_account_id: accountId, onramp_purpose: "fund" },
    });
    for await (const event of stripe().events.list({ type: "payment_intent.succeeded", limit: 100 })) {
      if ((event.data.object as { id: string }).id === intent.id) return event;
    }
    throw new Error("no event");
  }

  test("deferred: the answer comes once the row is in the inbox; the work runs after it, once", async () => {
    const accountId = await newAccount();
    const event = await paidEvent(accountId, 1100);
    const db = await getDb();
    const later: Array<() => Promise<unknown>> = [];
    const answer = await handleStripeEvent(db, event, async (task) => {
      later.push(task);
      return undefined;
    });
    assert.deepEqual(answer, { id: event.id, type: event.type, duplicate: false, queued: true });
    assert.equal((await inboxRow(event.id))?.processedAt, null, "recorded, not processed yet");
    assert.equal((await credits(accountId)).length, 0);
    await Promise.all(later.map((task) => task()));
    assert.ok((await inboxRow(event.id))?.processedAt);
    assert.equal((await credits(accountId)).length, 1);
    // A redelivery after that is a duplicate; the sweep finds nothing.
    assert.equal((await handleStripeEvent(db, event)).duplicate, true);
    assert.equal((await sweepStripeInbox(db, { minAgeMs: 0 })).processed, 0);
    assert.equal((await credits(accountId)).length, 1);
  });

  test("a process that died mid-way: the sweep processes the row exactly once, even two sweeps at once", async () => {
    const accountId = await newAccount();
    const event = await paidEvent(accountId, 1300);
    const db = await getDb();
    // The answer was sent; the process stopped before (or while) working on it.
    const answer = await handleStripeEvent(db, event, async () => undefined);
    assert.equal(answer.queued, true);
    const longAgo = new Date(Date.now() - 2 * CLAIM_LEASE_MS);
    await db
      .update(stripeEvents)
      .set({ receivedAt: longAgo, claimedAt: longAgo, attempts: 1 })
      .where(eq(stripeEvents.id, event.id));

    const reports = await Promise.all([
      sweepStripeInbox(db, { minAgeMs: 0 }),
      sweepStripeInbox(db, { minAgeMs: 0 }),
    ]);
    assert.equal(reports[0]!.processed + reports[1]!.processed, 1, "one sweep ran the handler");
    assert.equal((await sweepStripeInbox(db, { minAgeMs: 0 })).processed, 0, "nothing left to do");
    const row = await inboxRow(event.id);
    assert.ok(row?.processedAt);
    assert.equal(row.attempts, 2);
    assert.equal(row.claimedAt, null);
    const entries = await credits(accountId);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.amountMinor, 1300);
  });

  test("a fresh claim is left alone: the sweep does not race a worker that is still running", async () => {
    const accountId = await newAccount();
    const event = await paidEvent(accountId, 1500);
    const db = await getDb();
    await handleStripeEvent(db, event, async () => undefined);
    await db
      .update(stripeEvents)
      .set({ receivedAt: new Date(Date.now() - 2 * CLAIM_LEASE_MS), claimedAt: new Date(), attempts: 1 })
      .where(eq(stripeEvents.id, event.id));
    assert.equal((await sweepStripeInbox(db, { minAgeMs: 0 })).processed, 0);
    assert.equal((await credits(accountId)).length, 0);
    // Young events are the delivery's own worker's: the default sweep waits for them.
    await db
      .update(stripeEvents)
      .set({ receivedAt: new Date(), claimedAt: null })
      .where(eq(stripeEvents.id, event.id));
    assert.equal((await sweepStripeInbox(db)).processed, 0);
    assert.equal((await sweepStripeInbox(db, { minAgeMs: 0 })).processed, 1);
    assert.equal((await credits(accountId)).length, 1);
  });

  test("a handler that failed after the answer is retried by the sweep", async () => {
    const accountId = await newAccount();
    const event = await paidEvent(accountId, 1700);
    const db = await getDb();
    await t.helper("/_emulator/faults", {
      target: "api",
      action: "error",
      path: "/v1/payment_intents/*",
      method: "GET",
      status: 500,
      count: 10,
    });
    const answer = await handleStripeEvent(db, event, async (task) => {
      await task(); // as after() would, but awaited here
      return undefined;
    });
    await fetch(`${t.url}/_emulator/faults`, { method: "DELETE" });
    assert.equal(answer.queued, true);
    const failed = await inboxRow(event.id);
    assert.equal(failed?.processedAt, null);
    assert.ok(failed?.error, "the error is kept on the row");
    assert.equal(failed?.claimedAt, null, "the claim is released");
    assert.equal((await credits(accountId)).length, 0);
    assert.equal((await sweepStripeInbox(db, { minAgeMs: 0 })).processed, 1);
    assert.equal((await credits(accountId)).length, 1);
  });
});
