/**
 * The audit trail (`audit_event`): who did what, agent, human or system. This is the one module that
 * writes it, so every entry has the same shape whichever domain records it.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";
import { type AuditActor, currentAuditContext } from "./context";

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

/** Appends one entry; runs in the caller's transaction when given one. */
export async function recordAuditEvent(db: DbOrTx, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

export interface AuditEntry {
  /** The account the action was taken for (the acting account); null for none. */
  accountId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  /** Overrides the request's actor, e.g. `{kind: "system"}` for work a request merely triggers. */
  actor?: AuditActor;
}

/**
 * Appends one entry with the actor, request id and IP of the request in progress (see ./context),
 * in the caller's transaction when given one, so the entry commits or rolls back with the action.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const context = currentAuditContext();
  const actor = entry.actor ?? context.actor;
  await db.insert(auditEvents).values({
    accountId: entry.accountId,
    actorKind: actor.kind,
    actorUserId: actor.userId ?? null,
    actorLabel: actor.label ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    requestId: context.requestId ?? null,
    ip: context.ip ?? null,
  });
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
