// GET /api/health — liveness and what the instance runs on; 503 when the database cannot answer.
import { databaseKind, pingDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { errorBody, jsonResponse, successBody } from "@/lib/http";
import { newRequestId } from "@/lib/http/agent-route";
import { stripeAvailability } from "@/lib/stripe/availability";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const requestId = newRequestId();
  const config = env();
  const facts = {
    stripe: await stripeAvailability(),
    mail: config.mail.kind,
  };
  const headers = { "X-Request-Id": requestId };
  try {
    await pingDatabase();
    const database = await databaseKind();
    return jsonResponse(200, successBody({ status: "ok", database, ...facts }, requestId), headers);
  } catch {
    return jsonResponse(
      503,
      errorBody(
        "service_unavailable",
        "The database is unreachable.",
        {
          database: config.database.kind,
          ...facts,
        },
        requestId,
      ),
      { ...headers, "Retry-After": "5" },
    );
  }
}
