import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/lib/db/client";
import { post } from "@/lib/wallet/ledger";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { newOwner } from "@/tests/helpers/wallet";
import { checkLedger } from "./ledger-check";

after(() => closeDb());

for (const kind of availableDatabases()) {
  describe(`ledger invariants on a live database (${kind})`, () => {
    test("a clean ledger passes; each deliberate breach is named by its invariant", async () => {
      const cleanup = await useFreshDatabase(kind);
      try {
        const db = await getDb();
        const owner = await newOwner();
        const actor = { userId: owner.agent.userId, kind: "agent" as const };
        await post(db, {
          accountId: owner.accountId,
          amountMinor: 5_000,
          kind: "coupon",
          source: "coupon",
          externalId: `check-${owner.accountId}`,
          description: "Test credit",
          actor,
        });
        await post(db, {
          accountId: owner.accountId,
          amountMinor: -1_200,
          kind: "usage",
          source: "generation",
          externalId: `check-use-${owner.accountId}`,
          description: "Test usage",
          actor,
        });
        const clean = await checkLedger(db);
        assert.deepEqual(clean.breaches, []);
        assert.equal(clean.ok, true);
        assert.ok(clean.entries >= 2);

        // A cached balance that no longer equals its entries (LEDGER-02), and a card credit with no
        // succeeded payment behind it (LEDGER-07).
        await db.execute(
          sql`update wallet set balance_minor = balance_minor + 1 where account_id = ${owner.accountId}`,
        );
        await post(db, {
          accountId: owner.accountId,
          amountMinor: 700,
          kind: "fund",
          source: "stripe",
          externalId: "pi_never_paid",
          description: "Wallet funding",
          actor,
        });
        // The balance the post wrote follows the tampered cache, so the running balance breaks too (LEDGER-01).
        const broken = await checkLedger(db);
        assert.equal(broken.ok, false);
        const named = new Set(broken.breaches.map((b) => b.invariant));
        assert.deepEqual([...named].sort(), ["LEDGER-01", "LEDGER-02", "LEDGER-07"]);
        assert.match(broken.breaches.find((b) => b.invariant === "LEDGER-07")?.detail ?? "", /pi_never_paid/);

        // A missing guard is a breach too: the append-only trigger gone (LEDGER-04).
        await db.execute(sql`drop trigger ledger_entry_no_update_or_delete on ledger_entry`);
        const unguarded = await checkLedger(db);
        assert.ok(unguarded.breaches.some((b) => b.invariant === "LEDGER-04"));
      } finally {
        await cleanup();
      }
    });
  });
}
