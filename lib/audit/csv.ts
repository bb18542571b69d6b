/**
 * The audit log as CSV (RFC 4180), newest first, streamed page by page through the same query as
 * GET /audit-events, so a long trail never sits in memory. Cells a spreadsheet would run as a
 * formula are neutralised with a leading apostrophe (OWASP CSV injection).
 */
import type { DbOrTx } from "@/lib/db/client";
import { listAuditEvents } from "./queries";
import type { AuditFilter } from "./schemas";

export const AUDIT_CSV_HEADER = [
  "created_at",
  "id",
  "action",
  "actor_kind",
  "actor_user_id",
  "actor_name",
  "target_type",
  "target_id",
  "request_id",
  "ip",
  "data",
];
const PAGE = 500;
/** A bound on one export; the file says when it was cut. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

function cell(value: string | null | undefined): string {
  const v = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsvStream(
  db: DbOrTx,
  input: AuditFilter & { accountId: string; maxRows?: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const max = input.maxRows ?? AUDIT_CSV_MAX_ROWS;
  let cursor: string | undefined;
  let rows = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${AUDIT_CSV_HEADER.join(",")}\r\n`));
      }
      const page = await listAuditEvents(db, {
        ...input,
        limit: Math.min(PAGE, max - rows),
        cursor,
      });
      const lines = page.events.map((e) =>
        [
          e.createdAt.toISOString(),
          e.id,
          cell(e.action),
          e.actorKind,
          e.actorUserId ?? "",
          cell(e.actorLabel),
          cell(e.targetType),
          cell(e.targetId),
          cell(e.requestId),
          cell(e.ip),
          cell(JSON.stringify(e.data ?? {})),
        ].join(","),
      );
      rows += page.events.length;
      cursor = page.nextCursor ?? undefined;
      let chunk = lines.length ? `${lines.join("\r\n")}\r\n` : "";
      const done = !cursor || rows >= max;
      if (cursor && rows >= max)
        chunk += `# truncated after ${max} rows; narrow the dates to export the rest\r\n`;
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  });
}
