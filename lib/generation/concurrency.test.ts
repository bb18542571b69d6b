import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { accountIdOf, balanceMinor, credit, text2img } from "@/tests/helpers/generation";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { settleFollowUps } from "./follow-ups";

// One agent fires a thousand requests at once; the limiter has its own tests.
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "1000000";

const PARALLEL = 1000;
const AFFORDABLE = 100;

for (const kind of availableDatabases()) {
  describe(`concurrent generation on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => {
      await settleFollowUps();
      await cleanup();
    });

    test(`${PARALLEL} parallel requests on a wallet that pays for ${AFFORDABLE}: exactly ${AFFORDABLE} succeed, the balance ends at 0`, async () => {
      const db = await getDb();
      const agent = await onboardAgent();
      const accountId = await accountIdOf(db, agent.userId);
      // flux-schnell at 64×64 is priced at its 512x512 size: 1 cent.
      await credit(db, accountId, AFFORDABLE);
      const body = { key: agent.apiKey, model_id: "flux-schnell", prompt: "a crowd", width: 64, height: 64 };

      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => text2img(body)));

      const byStatus = new Map<number, number>();
      for (const r of responses) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(byStatus), { 200: AFFORDABLE, 402: PARALLEL - AFFORDABLE });
      for (const r of responses) {
        if (r.status === 200) assert.equal(r.json.status, "success");
        else
          assert.deepEqual(
            [r.json.status, r.json.code, r.json.details.price],
            ["error", "insufficient_balance", 0.01],
          );
      }
      assert.equal(await balanceMinor(db, accountId), 0);
      const debits = await db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "usage")));
      assert.equal(debits.length, AFFORDABLE);
      assert.ok(debits.every((e) => e.balanceAfterMinor >= 0));
      const made = await db.select().from(generations).where(eq(generations.accountId, accountId));
      assert.equal(made.length, AFFORDABLE);
      assert.ok(made.every((g) => g.status === "success" && g.chargedMinor === 1));
      assert.equal(new Set(responses.filter((r) => r.status === 200).map((r) => r.json.id)).size, AFFORDABLE);
      await assertLedgerInvariants(db);
    });
  });
}
