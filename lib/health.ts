/**
 * What GET /api/health reports: the database answering (and which kind), Stripe's availability and
 * the mail transport. Read here so the door never touches lib/db.
 */
import { databaseKind, pingDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { stripeAvailability } from "@/lib/stripe/availability";

export interface HealthReport {
  database: { ok: true; kind: Awaited<ReturnType<typeof databaseKind>> } | { ok: false; kind: string };
  stripe: Awaited<ReturnType<typeof stripeAvailability>>;
  mail: string;
}

export async function healthReport(): Promise<HealthReport> {
  const config = env();
  const [stripe, database] = await Promise.all([
    stripeAvailability(),
    pingDatabase().then(
      async () => ({ ok: true as const, kind: await databaseKind() }),
      () => ({ ok: false as const, kind: config.database.kind }),
    ),
  ]);
  return { database, stripe, mail: config.mail.kind };
}
