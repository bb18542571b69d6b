// POST /dashboard/csp-report — Content-Security-Policy violation reports (report-uri and Reporting API) from the dashboard's pages
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { noContent } from "@/lib/http/outputs/no-content";
import { log } from "@/lib/log";

/** A violation report is well under 2 KB; ten batched ones fit. Anything bigger is refused (413). */
const MAX_CSP_REPORT_BYTES = 16 * 1024;
const clip = (v: unknown) => (typeof v === "string" ? v.slice(0, 300) : undefined);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Logs each violation as one warning (PCI 11.6.1: an unexpected script on a payment page must be
 * noticed). Bodies are clipped and only known fields are kept, so the endpoint cannot be used to
 * write arbitrary data into the logs. Always 204 (browsers do not retry reports), except 413 for a
 * body over MAX_CSP_REPORT_BYTES, which is refused before it is buffered.
 */
export const POST = door(
  { auth: none(), read: { text: MAX_CSP_REPORT_BYTES }, database: false, output: noContent() },
  ({ text }) => {
    const parsed = parse(text);
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
  },
);
