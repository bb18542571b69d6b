// GET /api/health — liveness and what the instance runs on; 503 when the database cannot answer.
import { AppError } from "@/lib/errors";
import { healthReport } from "@/lib/health";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";

export const dynamic = "force-dynamic";

// The probe checks the database itself (its own 503, with what the instance runs on), unlimited and
// unlogged: load balancers call it every few seconds.
export const GET = door(
  { auth: none(), read: "none", database: false, log: false, output: envelope() },
  async () => {
    const { database, stripe, mail } = await healthReport();
    if (database.ok) return { status: "ok", database: database.kind, stripe, mail };
    throw new AppError("service_unavailable", "The database is unreachable.", {
      details: { database: database.kind, stripe, mail },
      headers: { "Retry-After": "5" },
    });
  },
);
