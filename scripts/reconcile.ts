// `npm run reconcile`: one reconciler pass against this instance's database and Stripe, printing
// the report as JSON; exits 2 when it found exceptions or objects it could not process. With the
// embedded PGlite database the running server holds the data folder, so the pass is asked of it
// (its loopback-only admin route, scripts/admin-client.ts); with no server running it runs here.

import { closeDb, getDb } from "../lib/db/client.ts";
import { DataDirLockedError } from "../lib/db/lock.ts";
import type { ReconcileReport } from "../lib/stripe-events/reconcile.ts";
import { reconcile } from "../lib/stripe-events/reconcile.ts";
import { askRunningServer } from "./admin-client.ts";

// A function, not top-level await: tsx loads this file as CommonJS.
async function main(): Promise<void> {
  let report: ReconcileReport;
  try {
    report = await reconcile(await getDb());
    await closeDb();
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    report = (await askRunningServer("reconcile", error)) as ReconcileReport;
  }
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.exceptions.length || report.failed ? 2 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
