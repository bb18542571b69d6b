// `npm run check:ledger`: the ledger invariants of reliability.md §10.10 on this instance's live
// database. Prints the report as JSON; exits 0 when clean, 2 on any breach, 1 when it cannot run.
// With PostgreSQL it reads the database directly, beside running instances. With the embedded
// PGlite database the running server holds the data folder, so the check is asked of it instead
// (its loopback-only admin route, scripts/admin-client.ts).
import { closeDb, getDb } from "../lib/db/client.ts";
import { DataDirLockedError } from "../lib/db/lock.ts";
import { checkLedger } from "../lib/ops/ledger-check.ts";
import { askRunningServer } from "./admin-client.ts";

// A function, not top-level await: tsx loads this file as CommonJS.
async function main(): Promise<void> {
  let report: { ok: boolean };
  try {
    report = await checkLedger(await getDb());
    await closeDb();
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    report = (await askRunningServer("ledger-check", error)) as { ok: boolean };
  }
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.ok ? 0 : 2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
