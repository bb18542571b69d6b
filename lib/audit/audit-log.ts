/**
 * The audit trail (`audit_event`): who did what, agent, human or system. This is the one module that
 * writes it, so every entry has the same shape whichever domain records it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";
import { type AuditActor, type AuditContext, currentAuditContext } from "./context";

export type AuditEvent = typeof auditEvents.$inferSelect;

export interface AuditEntry {
  /** The account the action was taken for (the acting account); null for none. */
  accountId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  /** Overrides the request's actor, e.g. `{kind: "system"}` for work a request merely triggers. */
  actor?: AuditActor;
  /**
   * The user a signed-out request turned out to be (login, verify, password reset): recorded as
   * that agent or person instead of `system`. Ignored in any other request, and outside requests.
   */
  onBehalfOf?: { userId: string; label?: string | null };
}

function actorOf(entry: AuditEntry, context: AuditContext): AuditActor {
  if (entry.actor) return entry.actor;
  if (entry.onBehalfOf && context.signedOut) {
    return {
      kind: context.signedOut,
      userId: entry.onBehalfOf.userId,
      label: entry.onBehalfOf.label ?? null,
    };
  }
  return context.actor;
}

/**
 * Appends one entry with the actor, request id and IP of the request in progress (see ./context),
 * in the caller's transaction when given one, so the entry commits or rolls back with the action.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const context = currentAuditContext();
  const actor = actorOf(entry, context);
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

/**
 * Appends the entry unless `action` was already recorded for its target: for facts several
 * deliveries report (a renewal's invoice comes as `invoice.paid` and `invoice.payment_succeeded`,
 * concurrently). A transaction-scoped advisory lock on (action, target) makes the check and the
 * insert one step. Returns whether it wrote.
 */
export async function recordAuditOnce(
  db: DbOrTx,
  entry: AuditEntry & { targetId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`audit:${entry.action}:${entry.targetId}`}))`,
    );
    if (await hasAuditEvent(tx, entry.action, entry.targetId)) return false;
    await recordAudit(tx, entry);
    return true;
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
