/**
 * The dashboard's audit log page and CSV export, for the signed-in person: the same filters, query
 * and permission (owners and admins: `manage_policy`) as GET /audit-events.
 */
import "server-only";
import { z } from "zod";
import { auditCsvStream } from "@/lib/audit/csv";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditFilterShape, toAuditFilter } from "@/lib/audit/schemas";
import type { Human } from "@/lib/auth/dashboard-sessions";
import { can, requirePermission } from "@/lib/auth/permissions";
import { type DbOrTx, getDb } from "@/lib/db/client";
import { presentAuditEvent } from "@/lib/http/present/audit";

/** The page's form fields; an empty field is no filter. */
const blankToUndefined = (v: unknown) => (v === "" ? undefined : Array.isArray(v) ? v.at(-1) : v);
const pageShape = {
  actor_kind: z.preprocess(blankToUndefined, auditFilterShape.actor_kind),
  action: z.preprocess(blankToUndefined, auditFilterShape.action),
  from: z.preprocess(blankToUndefined, auditFilterShape.from),
  to: z.preprocess(blankToUndefined, auditFilterShape.to),
};

export const auditPageQuery = z
  .object({
    ...pageShape,
    cursor: z.preprocess(blankToUndefined, z.string().min(1).max(200).optional()),
  })
  .transform((v, ctx) => ({ ...toAuditFilter(v, ctx), cursor: v.cursor }));

export const auditCsvQuery = z.object(pageShape).transform(toAuditFilter);

export const AUDIT_PAGE_SIZE = 25;

export type AuditPageResult =
  | { kind: "forbidden"; role: Human["role"] }
  | { kind: "invalid"; errors: string[] }
  | {
      kind: "page";
      events: ReturnType<typeof presentAuditEvent>[];
      nextCursor: string | null;
    };

export async function loadAuditPage(human: Human, searchParams: unknown): Promise<AuditPageResult> {
  if (!can(human.role, "manage_policy")) return { kind: "forbidden", role: human.role };
  const parsed = auditPageQuery.safeParse(searchParams ?? {});
  if (!parsed.success) {
    return {
      kind: "invalid",
      errors: parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`),
    };
  }
  try {
    const page = await listAuditEvents(await getDb(), {
      ...parsed.data,
      accountId: human.accountId,
      limit: AUDIT_PAGE_SIZE,
    });
    return { kind: "page", events: page.events.map(presentAuditEvent), nextCursor: page.nextCursor };
  } catch (error) {
    // A cursor this page did not hand out is the filter's mistake, not a broken page.
    if (error instanceof Error && "code" in error && error.code === "validation_error") {
      return { kind: "invalid", errors: [error.message] };
    }
    throw error;
  }
}

/** The CSV export (403 for members and viewers, as the API answers). */
export function auditCsvFor(
  db: DbOrTx,
  human: Human,
  filter: z.output<typeof auditCsvQuery>,
): ReadableStream<Uint8Array> {
  requirePermission(human, "manage_policy");
  return auditCsvStream(db, { ...filter, accountId: human.accountId });
}
