// `npm run reconcile`: one reconciler pass against this instance's database and Stripe, printing
// the report as JSON. With the embedded PGlite database the running server owns the data folder,
// so stop it first (the server also reconciles by itself every 15 minutes).

import { closeDb, getDb } from "../lib/db/client.ts";
import { DataDirLockedError } from "../lib/db/lock.ts";
import { reconcile } from "../lib/stripe-events/reconcile.ts";

try {
  const report = await reconcile(await getDb());
  console.log(JSON.stringify(report, null, 2));
  await closeDb();
  process.exit(report.exceptions.length || report.failed ? 2 : 0);
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(`${error.message}\nThe running server reconciles every 15 minutes on its own.`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
