/**
 * The audit trail (`audit_event`): who did what, agent, human or system. This is the one module that
 * writes it, so every entry has the same shape whichever domain records it.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

/** Appends one entry; runs in the caller's transaction when given one. */
export async function recordAuditEvent(db: DbOrTx, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

/** Whether `action` was already recorded for `targetId` (for entries written once per target). */
export async function hasAuditEvent(db: DbOrTx, action: string, targetId: string): Promise<boolean> {
  const [seen] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)))
    .limit(1);
  return Boolean(seen);
}

/** The entries of `action` about any of `targetIds`. */
export async function auditEventsFor(
  db: DbOrTx,
  action: string,
  targetIds: string[],
): Promise<Array<Pick<AuditEvent, "targetId" | "data">>> {
  if (targetIds.length === 0) return [];
  return db
    .select({ targetId: auditEvents.targetId, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), inArray(auditEvents.targetId, targetIds)));
}
