// POST /dashboard/csp-report — Content-Security-Policy violation reports (report-uri and Reporting API) from the dashboard's pages
import { isAppError } from "@/lib/errors";
import { newRequestId } from "@/lib/http/agent-route";
import { errorBody, jsonResponse } from "@/lib/http/envelope";
import { readTextWithin } from "@/lib/http/request-body";
import { log } from "@/lib/log";

/** A violation report is well under 2 KB; ten batched ones fit. Anything bigger is refused (413). */
const MAX_CSP_REPORT_BYTES = 16 * 1024;
const clip = (v: unknown) => (typeof v === "string" ? v.slice(0, 300) : undefined);

/**
 * Logs each violation as one warning (PCI 11.6.1: an unexpected script on a payment page must be
 * noticed). Bodies are clipped and only known fields are kept, so the endpoint cannot be used to
 * write arbitrary data into the logs. Always 204 (browsers do not retry reports), except 413 for a
 * body over MAX_CSP_REPORT_BYTES, which is refused before it is buffered.
 */
export async function POST(request: Request): Promise<Response> {
  let text: string;
  try {
    text = await readTextWithin(request, MAX_CSP_REPORT_BYTES);
  } catch (error) {
    if (isAppError(error) && error.code === "payload_too_large") {
      const requestId = newRequestId();
      return jsonResponse(413, errorBody(error.code, error.message, error.details, requestId), {
        "X-Request-Id": requestId,
      });
    }
    return new Response(null, { status: 204 });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new Response(null, { status: 204 });
  }
  // report-uri sends {"csp-report": {...}}; the Reporting API sends [{type, body: {...}}].
  const reports = Array.isArray(parsed)
    ? parsed.map((r) => (r as { body?: unknown })?.body)
    : [(parsed as { "csp-report"?: unknown })?.["csp-report"]];
  for (const report of reports.slice(0, 10)) {
    if (!report || typeof report !== "object") continue;
    const r = report as Record<string, unknown>;
    log().warn(
      {
        document: clip(r["document-uri"] ?? r.documentURL),
        directive: clip(r["effective-directive"] ?? r.effectiveDirective ?? r["violated-directive"]),
        blocked: clip(r["blocked-uri"] ?? r.blockedURL),
        source: clip(r["source-file"] ?? r.sourceFile),
      },
      "content security policy violation",
    );
  }
  return new Response(null, { status: 204 });
}
