/**
 * Deciding a held request and running it. Approval is the guarded update `pending → approved`:
 * of two admins approving at once exactly one update matches, and only its caller runs the
 * request. The run holds a lease (`execution_locked_until`) and ends with `approved → executed`
 * and the stored result; a run that crashed or met a provider outage is resumed by the sweep or a
 * repeated approve, and every Stripe call in it is keyed on the approval id, so nothing is charged
 * twice. An API key is the exception: it is created when its requester collects it, so its secret
 * goes to them once and is never stored.
 */
import { and, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { approvalRequests, type StoredResult } from "@/lib/db/schema/approvals";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { type Approval, reloadApproval, type Viewer, viewApproval } from "./requests";
import { wakeApprovalWaiters } from "./wake";

/** How long one run may take before another may take it over. */
const LEASE_MS = 2 * 60_000;

/**
 * Runs the approved request as its original route would (the door supplies it, with the route's
 * presenters). `shown` is the answer for whoever triggered the run; `stored` what the approval
 * keeps (the same, except that a new key's secret is left out). Throws only what is worth retrying.
 */
export type Executor = (db: Db, approval: Approval) => Promise<{ shown: StoredResult; stored: StoredResult }>;

export interface Decided {
  approval: Approval;
  /** The result as this caller sees it (with a collected key's secret), when the request ran now. */
  shown: StoredResult | null;
}

/** The Stripe and idempotency reference every run of an approval shares. */
export const approvalRunRef = (id: string) => `approval_${id}`;

function notPending(approval: Approval): AppError {
  return new AppError("conflict", `This approval is already ${approval.status}.`, {
    details: { approval_id: approval.id, status: approval.status },
  });
}

/**
 * Moves a pending, unexpired approval to its decision, guarded so that of two deciders at once only
 * one wins (the other gets 409 naming the state it lost to); the entry is audited in the same
 * transaction and every waiter is woken.
 */
async function settlePending(
  db: Db,
  current: Approval,
  decision: Partial<typeof approvalRequests.$inferInsert>,
  audit: { action: string; data: Record<string, unknown> },
): Promise<void> {
  const won = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvalRequests)
      .set(decision)
      .where(
        and(
          eq(approvalRequests.id, current.id),
          eq(approvalRequests.status, "pending"),
          sql`${approvalRequests.expiresAt} > now()`,
        ),
      )
      .returning({ id: approvalRequests.id });
    if (!row) return false;
    await recordAudit(tx, {
      accountId: current.accountId,
      action: audit.action,
      targetType: "approval",
      targetId: current.id,
      data: audit.data,
    });
    return true;
  });
  if (!won) throw notPending(await reloadApproval(db, current.id));
  await wakeApprovalWaiters(current.id);
}

export async function approveRequest(
  db: Db,
  decider: Viewer,
  id: string,
  execute: Executor,
): Promise<Decided> {
  const current = await viewApproval(db, decider, id);
  if (current.status === "approved" && !current.result && current.kind !== "api_key") {
    // A run that failed half-way (a provider outage): approving again resumes it.
    const shown = await runExecution(db, id, execute, false);
    return { approval: await reloadApproval(db, id), shown };
  }
  if (current.status !== "pending") throw notPending(current);
  await settlePending(
    db,
    current,
    {
      status: "approved",
      decidedByUserId: decider.userId,
      decidedAt: new Date(),
      executionLockedUntil: current.kind === "api_key" ? null : new Date(Date.now() + LEASE_MS),
    },
    { action: "approval.approved", data: { kind: current.kind, amount_minor: current.amountMinor } },
  );
  if (current.kind === "api_key") return { approval: await reloadApproval(db, id), shown: null };
  const shown = await runExecution(db, id, execute, true);
  return { approval: await reloadApproval(db, id), shown };
}

export async function rejectRequest(db: Db, decider: Viewer, id: string, reason: string): Promise<Approval> {
  const current = await viewApproval(db, decider, id);
  if (current.status !== "pending") throw notPending(current);
  await settlePending(
    db,
    current,
    { status: "rejected", decidedByUserId: decider.userId, decidedAt: new Date(), reason },
    { action: "approval.rejected", data: { kind: current.kind, reason } },
  );
  return reloadApproval(db, id);
}

/**
 * Runs an approved request under the lease (`claimed`: the approve that won already holds it).
 * Null when another run holds the lease or the request already ran.
 */
async function runExecution(
  db: Db,
  id: string,
  execute: Executor,
  claimed: boolean,
): Promise<StoredResult | null> {
  if (!claimed) {
    const [row] = await db
      .update(approvalRequests)
      .set({ executionLockedUntil: new Date(Date.now() + LEASE_MS) })
      .where(
        and(
          eq(approvalRequests.id, id),
          eq(approvalRequests.status, "approved"),
          isNull(approvalRequests.result),
          or(
            isNull(approvalRequests.executionLockedUntil),
            lt(approvalRequests.executionLockedUntil, sql`now()`),
          ),
        ),
      )
      .returning({ id: approvalRequests.id });
    if (!row) return null;
  }
  const approval = await reloadApproval(db, id);
  let outcome: { shown: StoredResult; stored: StoredResult };
  try {
    outcome = await execute(db, approval);
  } catch (error) {
    // Retryable: free the lease so the sweep (or another approve) runs it again with the same keys.
    await db
      .update(approvalRequests)
      .set({ executionLockedUntil: null })
      .where(eq(approvalRequests.id, id))
      .catch(() => {});
    throw error;
  }
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvalRequests)
      .set({ status: "executed", result: outcome.stored, executedAt: new Date(), executionLockedUntil: null })
      .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "approved")))
      .returning({ id: approvalRequests.id });
    if (!row) return;
    await recordAudit(tx, {
      accountId: approval.accountId,
      action: "approval.executed",
      targetType: "approval",
      targetId: id,
      data: {
        kind: approval.kind,
        http_status: outcome.stored.http_status,
        error_code: outcome.stored.error?.code ?? null,
      },
    });
  });
  await wakeApprovalWaiters(id);
  return outcome.shown;
}

/**
 * The requester reads an approved API-key request: the key is created now, once, and its secret
 * is in this answer only. Anyone else, or any other state, reads the approval as it is.
 */
export async function collectApproval(
  db: Db,
  viewer: Viewer,
  approval: Approval,
  execute: Executor,
): Promise<Decided> {
  if (approval.kind !== "api_key" || approval.status !== "approved" || approval.result) {
    return { approval, shown: null };
  }
  if (approval.requesterUserId !== viewer.userId) return { approval, shown: null };
  const shown = await runExecution(db, approval.id, execute, false);
  return { approval: await reloadApproval(db, approval.id), shown };
}

/** The sweep's other half: approved requests whose run died (lease lapsed, no result) run again. */
export async function resumeStaleExecutions(db: Db, execute: Executor): Promise<number> {
  const stale = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.status, "approved"),
        ne(approvalRequests.kind, "api_key"),
        isNull(approvalRequests.result),
        or(
          isNull(approvalRequests.executionLockedUntil),
          lt(approvalRequests.executionLockedUntil, sql`now()`),
        ),
      ),
    )
    .limit(100);
  let resumed = 0;
  for (const { id } of stale) {
    try {
      if (await runExecution(db, id, execute, false)) resumed++;
    } catch (error) {
      log().warn(
        { approval_id: id, err: String(error) },
        "approved request could not run yet; retried later",
      );
    }
  }
  return resumed;
}
