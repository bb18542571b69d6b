// GET /api/ready — readiness for a load balancer: database, migrations, Redis when configured, and
// not draining for a shutdown. 503 service_unavailable with what failed otherwise.
import { AppError } from "@/lib/errors";
import { readinessReport } from "@/lib/health";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";

export const dynamic = "force-dynamic";

// Unlimited and unlogged like /api/health: probes call it every few seconds.
export const GET = door(
  { auth: none(), read: "none", database: false, log: false, output: envelope() },
  async () => {
    const { ready, checks } = await readinessReport();
    if (ready) return { status: "ready", ...checks };
    throw new AppError("service_unavailable", "This instance is not ready to serve traffic.", {
      details: checks,
      headers: { "Retry-After": "5" },
    });
  },
);
