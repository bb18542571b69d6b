/** Server start: migrate, then schedule housekeeping. Called from instrumentation.ts. */
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { purgeIdempotencyRecords } from "@/lib/http/idempotency";
import { log } from "@/lib/log";

const HOUR_MS = 3_600_000;

export async function boot(): Promise<void> {
  try {
    await getDb();
  } catch (error) {
    console.error(
      `[onramp] cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  const purge = async () => {
    try {
      const removed = await purgeIdempotencyRecords(await getDb(), env().idempotencyRetentionHours);
      if (removed) log().info({ removed }, "purged idempotency records");
    } catch (error) {
      log().warn({ err: String(error) }, "idempotency purge failed");
    }
  };
  setInterval(purge, HOUR_MS).unref();
  void purge();
}
