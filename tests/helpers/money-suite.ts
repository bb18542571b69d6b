/**
 * The usual frame of a money suite, registered in the calling `describe`: a fresh database of
 * `kind`, the emulator delivering signed webhooks to the app, fresh limits; afterwards, pending
 * deliveries drained and the ledger invariants checked before everything is torn down.
 */
import { after, before } from "node:test";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { type DbKind, useFreshDatabase } from "./database";
import { assertLedgerInvariants } from "./ledger";
import { type TestStripe, useEmulator } from "./stripe";

export function moneySuite(
  kind: DbKind,
  options: { beforeTeardown?: () => Promise<void> } = {},
): { stripe: () => TestStripe } {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe | undefined;
  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase(kind);
    stripe = await useEmulator({ deliverWebhooks: true });
  });
  after(async () => {
    try {
      await options.beforeTeardown?.();
      await stripe?.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
    } finally {
      // A broken invariant must fail the suite, not leave the emulator and database open (the
      // test process would then never exit).
      await stripe?.close();
      await cleanup();
    }
  });
  return {
    stripe: () => {
      if (!stripe) throw new Error("moneySuite: the emulator starts in before()");
      return stripe;
    },
  };
}
