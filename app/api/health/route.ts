// GET /api/health — liveness and what the instance runs on; 503 when the database cannot answer.
import { databaseKind, pingDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";
import { stripeAvailability } from "@/lib/stripe/availability";

export const dynamic = "force-dynamic";

// The probe checks the database itself (its own 503, with what the instance runs on), unlimited and
// unlogged: load balancers call it every few seconds.
export const GET = door(
  { auth: none(), read: "none", database: false, log: false, output: envelope() },
  async () => {
    const config = env();
    const facts = { stripe: await stripeAvailability(), mail: config.mail.kind };
    try {
      await pingDatabase();
      return { status: "ok", database: await databaseKind(), ...facts };
    } catch {
      throw new AppError("service_unavailable", "The database is unreachable.", {
        details: { database: config.database.kind, ...facts },
        headers: { "Retry-After": "5" },
      });
    }
  },
);
