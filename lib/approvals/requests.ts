/**
 * Held requests: storing one (`holdRequest`), reading them with the authorization the API and the
 * dashboard share (the requester sees their own, owners and admins see the account's, anyone else
 * gets a 404), and expiring them lazily on read and in the sweep.
 */
import { and, desc, eq, lt, lte, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import { can } from "@/lib/auth/permissions";
import type { MemberRole } from "@/lib/auth/principal";
import type { Db, DbOrTx } from "@/lib/db/client";
import { users } from "@/lib/db/schema/accounts";
import {
  type ApprovalKind,
  type ApprovalRequest,
  type ApprovalStatus,
  approvalRequests,
} from "@/lib/db/schema/approvals";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { HeldRequest } from "./held-request";
import { priceRequest } from "./held-request";
import { notifyAdmins } from "./notify";
import { getPolicy, needsApproval } from "./policy";
import { wakeApprovalWaiters } from "./wake";

/** An approval with who asked for it, as lists and pages show it. */
export type Approval = ApprovalRequest & { requesterEmail: string; requesterName: string };

/** Who is asking: the caller of the original route. */
export interface Requester {
  accountId: string;
  userId: string;
  role: MemberRole;
  /** The token's (device) name. */
  label: string | null;
}

const withRequester = {
  approval: approvalRequests,
  requesterEmail: users.email,
  requesterName: users.name,
};

const flatten = (row: { approval: ApprovalRequest; requesterEmail: string; requesterName: string }) => ({
  ...row.approval,
  requesterEmail: row.requesterEmail,
  requesterName: row.requesterName,
});

async function loadApproval(db: DbOrTx, id: string): Promise<Approval | null> {
  const [row] = await db
    .select(withRequester)
    .from(approvalRequests)
    .innerJoin(users, eq(users.id, approvalRequests.requesterUserId))
    .where(eq(approvalRequests.id, id));
  return row ? flatten(row) : null;
}

/**
 * Stores the request when the account's policy holds it for this caller; null when it may run now.
 * A retry under the same Idempotency-Key finds the approval it made the first time.
 */
export async function holdRequest(
  db: Db,
  requester: Requester,
  request: HeldRequest,
  idempotencyKey: string | null,
): Promise<Approval | null> {
  if (requester.role !== "member") return null;
  const policy = await getPolicy(db, requester.accountId);
  const subject =
    request.kind === "fund" ? { kind: "fund" as const, amountMinor: request.amountMinor } : request;
  if (!needsApproval(policy, requester.role, subject)) return null;

  if (idempotencyKey) {
    const earlier = await findByKey(db, requester, idempotencyKey);
    if (earlier) return earlier;
  }
  const priced = await priceRequest(db, requester.accountId, request);
  const expiresAt = new Date(Date.now() + env().approvalTtlHours * 3_600_000);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(approvalRequests)
      .values({
        accountId: requester.accountId,
        requesterUserId: requester.userId,
        requesterLabel: requester.label,
        kind: request.kind,
        payload: request as unknown as Record<string, unknown>,
        amountMinor: priced.amountMinor,
        summary: priced.summary,
        idempotencyKey,
        expiresAt,
      })
      .onConflictDoNothing()
      .returning({ id: approvalRequests.id });
    if (!row) return null;
    await recordAudit(tx, {
      accountId: requester.accountId,
      action: "approval.requested",
      targetType: "approval",
      targetId: row.id,
      data: { kind: request.kind, amount_minor: priced.amountMinor, summary: priced.summary },
    });
    return row.id;
  });
  if (!created) {
    // A concurrent request under the same key stored it first.
    const earlier = idempotencyKey ? await findByKey(db, requester, idempotencyKey) : null;
    if (earlier) return earlier;
    throw new AppError("conflict", "The request could not be stored for approval. Retry it.");
  }
  const approval = await loadApproval(db, created);
  if (!approval) throw new Error("approval vanished after insert");
  await notifyAdmins(db, approval);
  return approval;
}

async function findByKey(db: Db, requester: Requester, key: string): Promise<Approval | null> {
  const [row] = await db
    .select(withRequester)
    .from(approvalRequests)
    .innerJoin(users, eq(users.id, approvalRequests.requesterUserId))
    .where(
      and(
        eq(approvalRequests.accountId, requester.accountId),
        eq(approvalRequests.requesterUserId, requester.userId),
        eq(approvalRequests.idempotencyKey, key),
      ),
    );
  return row ? flatten(row) : null;
}

/** Who is reading: a member of the acting account, with their role in it. */
export interface Viewer {
  accountId: string;
  userId: string;
  role: MemberRole;
}

export const decidesApprovals = (viewer: Pick<Viewer, "role">) => can(viewer.role, "manage_policy");

const visibleTo = (viewer: Viewer) =>
  decidesApprovals(viewer)
    ? eq(approvalRequests.accountId, viewer.accountId)
    : and(
        eq(approvalRequests.accountId, viewer.accountId),
        eq(approvalRequests.requesterUserId, viewer.userId),
      );

/** The approval as the viewer may see it (404 otherwise), expired first when its time is up. */
export async function viewApproval(db: Db, viewer: Viewer, id: string): Promise<Approval> {
  const [row] = await db
    .select(withRequester)
    .from(approvalRequests)
    .innerJoin(users, eq(users.id, approvalRequests.requesterUserId))
    .where(and(eq(approvalRequests.id, id), visibleTo(viewer)));
  if (!row) throw notFound("Approval");
  return expireIfDue(db, flatten(row));
}

/** Re-reads an approval the caller was already allowed to see. */
export async function reloadApproval(db: Db, id: string): Promise<Approval> {
  const approval = await loadApproval(db, id);
  if (!approval) throw notFound("Approval");
  return expireIfDue(db, approval);
}

async function expireIfDue(db: Db, approval: Approval): Promise<Approval> {
  if (approval.status !== "pending" || approval.expiresAt > new Date()) return approval;
  await expireOne(db, approval.id);
  return (await loadApproval(db, approval.id)) ?? approval;
}

/** pending → expired, once; the audit entry and the wake-up follow the one update that did it. */
async function expireOne(db: Db, id: string): Promise<boolean> {
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvalRequests)
      .set({ status: "expired" })
      .where(
        and(
          eq(approvalRequests.id, id),
          eq(approvalRequests.status, "pending"),
          lte(approvalRequests.expiresAt, sql`now()`),
        ),
      )
      .returning({ accountId: approvalRequests.accountId, kind: approvalRequests.kind });
    if (!row) return false;
    await recordAudit(tx, {
      accountId: row.accountId,
      action: "approval.expired",
      targetType: "approval",
      targetId: id,
      data: { kind: row.kind },
      actor: { kind: "system" },
    });
    return true;
  });
  if (done) await wakeApprovalWaiters(id);
  return done;
}

/** The sweep's half: every pending approval whose time is up. */
export async function expireDueApprovals(db: Db, limit = 500): Promise<number> {
  const due = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, "pending"), lte(approvalRequests.expiresAt, sql`now()`)))
    .limit(limit);
  let expired = 0;
  for (const { id } of due) if (await expireOne(db, id)) expired++;
  return expired;
}

export interface ApprovalListQuery {
  status?: ApprovalStatus | undefined;
  kind?: ApprovalKind | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ApprovalPage {
  approvals: Approval[];
  nextCursor: string | null;
}

const encodeCursor = (a: Approval) =>
  Buffer.from(`${a.createdAt.toISOString()}|${a.id}`).toString("base64url");

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) {
    throw new AppError("validation_error", "cursor: is not a cursor this API returned.", {
      details: { cursor: ["is not a cursor this API returned"] },
    });
  }
  return { at: date, id };
}

/** Newest first, `limit` a page, continued with `cursor`. Due approvals are expired first. */
export async function listApprovals(db: Db, viewer: Viewer, query: ApprovalListQuery): Promise<ApprovalPage> {
  await expireDueOf(db, viewer.accountId);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db
    .select(withRequester)
    .from(approvalRequests)
    .innerJoin(users, eq(users.id, approvalRequests.requesterUserId))
    .where(
      and(
        visibleTo(viewer),
        query.status ? eq(approvalRequests.status, query.status) : undefined,
        query.kind ? eq(approvalRequests.kind, query.kind) : undefined,
        after
          ? or(
              lt(approvalRequests.createdAt, after.at),
              and(eq(approvalRequests.createdAt, after.at), lt(approvalRequests.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id))
    .limit(query.limit + 1);
  const approvals = rows.slice(0, query.limit).map(flatten);
  const last = approvals.at(-1);
  return { approvals, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

async function expireDueOf(db: Db, accountId: string): Promise<void> {
  const due = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.accountId, accountId),
        eq(approvalRequests.status, "pending"),
        lte(approvalRequests.expiresAt, sql`now()`),
      ),
    );
  for (const { id } of due) await expireOne(db, id);
}

/** How many approvals wait for the viewer's decision (the dashboard's badge); 0 for non-deciders. */
export async function pendingCount(db: Db, viewer: Viewer): Promise<number> {
  if (!decidesApprovals(viewer)) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.accountId, viewer.accountId),
        eq(approvalRequests.status, "pending"),
        sql`${approvalRequests.expiresAt} > now()`,
      ),
    );
  return row?.n ?? 0;
}
