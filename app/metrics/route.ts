// GET /metrics — Prometheus text format: loopback, or `Authorization: Bearer <METRICS_TOKEN>`.
import { AppError } from "@/lib/errors";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { metricsAccess } from "@/lib/http/metrics-access";
import { envelope } from "@/lib/http/outputs/envelope";
import { file } from "@/lib/http/replies";
import { metricsText } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

export const GET = door(
  { auth: none(), read: "none", database: false, log: false, output: envelope() },
  async ({ request }) => {
    const access = metricsAccess(request.headers);
    if (access === "hidden") throw new AppError("not_found", "Not found.");
    if (access === "unauthorized") {
      throw new AppError("unauthenticated", "A metrics token is required.", {
        headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
      });
    }
    const { contentType, body } = await metricsText();
    return file(body, { contentType, headers: { "Cache-Control": "no-store" } });
  },
);
