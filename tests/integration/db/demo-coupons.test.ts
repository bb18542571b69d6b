import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import * as redeemRoute from "@/app/api/agents/v1/wallet/coupons/redeem/route";
import { closeDb, type Db, getDb } from "@/lib/db/client";
import { couponRedemptions, coupons } from "@/lib/db/schema/wallet";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { createCoupon } from "@/lib/wallet/coupon-admin";
import { reserveCoupon } from "@/lib/wallet/coupon-bonus";
import { onboardAgent } from "@/tests/helpers/agent";
import { call } from "@/tests/helpers/http";
import { DEMO_COUPONS, syncDemoCoupons } from "../../../lib/db/demo-coupons";
import * as schema from "../../../lib/db/schema";

const REAL_KEYS = { STRIPE_SECRET_KEY: "sk_test_real", STRIPE_PUBLISHABLE_KEY: "pk_test_real" };
const DEMO_CODES = DEMO_COUPONS.map((c) => c.code).sort();

/** A fresh in-memory database opened by the app's own client, in local mode or with real keys. */
async function freshDb(local: boolean): Promise<Db> {
  await closeDb();
  for (const [k, v] of Object.entries(REAL_KEYS)) {
    if (local) delete process.env[k];
    else process.env[k] = v;
  }
  process.env.PGLITE_DIR = "memory://";
  resetEnvCache();
  return getDb();
}

const codes = async (db: Db) => (await db.select().from(coupons)).map((c) => c.code).sort();

after(async () => {
  await closeDb();
  for (const k of Object.keys(REAL_KEYS)) delete process.env[k];
  resetEnvCache();
});

describe("demo coupons exist only in local mode", () => {
  test("a deployment with real Stripe keys starts with no coupon at all", async () => {
    const db = await freshDb(false);
    assert.deepEqual(await codes(db), []);
  });

  test("local mode (npm start, the test suites) has the three demo coupons, active", async () => {
    const db = await freshDb(true);
    assert.deepEqual(await codes(db), DEMO_CODES);
    for (const c of await db.select().from(coupons)) {
      assert.equal(c.disabledAt, null);
      assert.equal(c.seeded, true);
    }
    // Seeding at every start is idempotent and keeps the counts.
    await db.update(coupons).set({ redemptionCount: 7 }).where(eq(coupons.code, "LAUNCH100"));
    await syncDemoCoupons(db, true);
    await syncDemoCoupons(db, true);
    const [launch] = await db.select().from(coupons).where(eq(coupons.code, "LAUNCH100"));
    assert.equal(launch?.redemptionCount, 7);
    assert.deepEqual(await codes(db), DEMO_CODES);
  });

  test("a database that moves from local mode to real keys loses them, keeping used ones deactivated", async () => {
    const db = await freshDb(true);
    const agent = await onboardAgent();
    const redeemed = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: agent.auth,
      body: { coupon_code: "WELCOME5" },
    });
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.json));
    await syncDemoCoupons(db, false);
    const left = await db.select().from(coupons);
    assert.deepEqual(
      left.map((c) => c.code),
      ["WELCOME5"],
    );
    assert.ok(left[0]?.disabledAt, "the used one is deactivated, not deleted");
    assert.equal((await db.select().from(couponRedemptions)).length, 1);
    // Nobody can redeem it any more, not even by racing a validation.
    const again = await onboardAgent();
    const refused = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: again.auth,
      body: { coupon_code: "WELCOME5" },
    });
    assert.equal(refused.status, 422);
    assert.match(refused.json.error.message, /no longer available/);
    const [account] = await db.select().from(schema.accounts).limit(1);
    await assert.rejects(
      db.transaction((tx) => reserveCoupon(tx, { code: "WELCOME5", accountId: account!.id })),
      /no longer available|already redeemed/,
    );
  });

  test("an operator's coupon is never touched by the demo sync, whatever its code", async () => {
    const db = await freshDb(false);
    await createCoupon(db, { kind: "credit", code: "WELCOME5", credit: 1 });
    await createCoupon(db, { kind: "credit", code: "SPRING25", credit: 25 });
    await syncDemoCoupons(db, false);
    await syncDemoCoupons(db, true);
    const [own] = await db.select().from(coupons).where(eq(coupons.code, "WELCOME5"));
    assert.equal(own?.amountMinor, 100);
    assert.equal(own?.seeded, false);
    assert.deepEqual(await codes(db), ["BONUS20", "LAUNCH100", "SPRING25", "WELCOME5"]);
  });

  test("an operator's coupon is redeemable through the API", async () => {
    // Local mode only so the test agent can read its verification code from /dev/mailbox.
    const db = await freshDb(true);
    resetRateLimiters();
    await createCoupon(db, { kind: "credit", code: "spring25", credit: 25, max_redemptions: 1 });
    const agent = await onboardAgent();
    const res = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: agent.auth,
      body: { coupon_code: "SPRING25" },
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.data.credit_amount, 25);
  });
});

describe("the migration that retires the demo coupons of existing deployments", () => {
  test("unused demo coupons are deleted; a redeemed one is deactivated with its history intact", async () => {
    const folder = path.resolve("drizzle");
    const files = readdirSync(folder)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const mine = files.findIndex((f) => f.endsWith("_local_only_coupons.sql"));
    assert.ok(mine > 0, "the migration exists");
    const client = new PGlite();
    try {
      for (const file of files.slice(0, mine))
        await client.exec(readFileSync(path.join(folder, file), "utf8"));
      // A deployment from before: someone redeemed WELCOME5.
      const db = drizzle(client, { schema });
      const [account] = await db
        .insert(schema.accounts)
        .values({ kind: "personal", name: "Early", username: "early" })
        .returning();
      await client.query(`insert into coupon_redemption (coupon_code, account_id) values ('WELCOME5', $1)`, [
        account!.id,
      ]);
      await client.exec(`update coupon set redemption_count = 1 where code = 'WELCOME5'`);
      assert.deepEqual(
        (await client.query<{ code: string }>("select code from coupon order by code")).rows.map(
          (r) => r.code,
        ),
        DEMO_CODES,
      );

      await client.exec(readFileSync(path.join(folder, files[mine]!), "utf8"));

      const left = await client.query<{ code: string; disabled_at: Date | null; redemption_count: number }>(
        "select code, disabled_at, redemption_count from coupon order by code",
      );
      assert.deepEqual(
        left.rows.map((r) => r.code),
        ["WELCOME5"],
      );
      assert.ok(left.rows[0]?.disabled_at);
      assert.equal(left.rows[0]?.redemption_count, 1);
      assert.equal((await client.query("select * from coupon_redemption")).rows.length, 1);
    } finally {
      await client.close();
    }
  });
});
