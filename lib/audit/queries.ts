/** Read side of the audit log: one account's entries, newest first, filtered, in keyset pages. */
import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";
import { AppError } from "@/lib/errors";
import type { AuditEvent } from "./audit-log";
import type { AuditFilter } from "./schemas";

export interface ListAuditEventsInput extends AuditFilter {
  accountId: string;
  limit: number;
  cursor?: string | undefined;
}

export interface AuditEventsPage {
  events: AuditEvent[];
  limit: number;
  /** The cursor of the next page, or null on the last one. */
  nextCursor: string | null;
}

const encodeCursor = (seq: number) => Buffer.from(`audit:${seq}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const match = /^audit:(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match)
    throw new AppError("validation_error", "cursor: not a cursor returned by this endpoint.", {
      details: { cursor: ["invalid cursor"] },
    });
  return Number(match[1]);
}

/** `_` and `%` are wildcards in LIKE; a prefix matches them literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first. The cursor is a position (`seq`), so entries written meanwhile never shift a page. */
export async function listAuditEvents(db: DbOrTx, input: ListAuditEventsInput): Promise<AuditEventsPage> {
  const where: SQL[] = [eq(auditEvents.accountId, input.accountId)];
  if (input.actorKind) where.push(eq(auditEvents.actorKind, input.actorKind));
  if (input.action) where.push(eq(auditEvents.action, input.action));
  if (input.actionPrefix) where.push(like(auditEvents.action, likePrefix(input.actionPrefix)));
  if (input.from) where.push(gte(auditEvents.createdAt, input.from));
  if (input.before) where.push(lt(auditEvents.createdAt, input.before));
  if (input.cursor) where.push(lt(auditEvents.seq, decodeCursor(input.cursor)));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit + 1);
  const events = rows.slice(0, input.limit);
  const last = events.at(-1);
  return {
    events,
    limit: input.limit,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.seq) : null,
  };
}
