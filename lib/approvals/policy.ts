/**
 * A team's approval policy: which of its members' requests wait for an owner or admin. Owners and
 * admins are never held, viewers are refused by the permission table before any hold, so a
 * personal account (its owner alone) is never affected. No stored row means the defaults.
 */
import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { MemberRole } from "@/lib/auth/principal";
import type { Db } from "@/lib/db/client";
import { approvalPolicies } from "@/lib/db/schema/approvals";

export interface ApprovalPolicy {
  /** Subscription purchases and plan changes. */
  subscriptions: boolean;
  /** Funds strictly above `fundThresholdMinor`. */
  funds: boolean;
  fundThresholdMinor: number;
  apiKeys: boolean;
  /** Null while the defaults apply. */
  updatedAt: Date | null;
}

export const DEFAULT_POLICY: ApprovalPolicy = {
  subscriptions: true,
  funds: true,
  fundThresholdMinor: 10_000,
  apiKeys: false,
  updatedAt: null,
};

export async function getPolicy(db: Db, accountId: string): Promise<ApprovalPolicy> {
  const [row] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.accountId, accountId));
  if (!row) return DEFAULT_POLICY;
  return {
    subscriptions: row.subscriptions,
    funds: row.funds,
    fundThresholdMinor: row.fundThresholdMinor,
    apiKeys: row.apiKeys,
    updatedAt: row.updatedAt,
  };
}

export type PolicyChange = Partial<Omit<ApprovalPolicy, "updatedAt">>;

/** Applies `change` over the current policy (the defaults when none is stored). */
export async function updatePolicy(
  db: Db,
  input: { accountId: string; userId: string; change: PolicyChange },
): Promise<ApprovalPolicy> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(approvalPolicies)
      .where(eq(approvalPolicies.accountId, input.accountId))
      .for("update");
    const before = current ?? { ...DEFAULT_POLICY };
    const next = {
      subscriptions: input.change.subscriptions ?? before.subscriptions,
      funds: input.change.funds ?? before.funds,
      fundThresholdMinor: input.change.fundThresholdMinor ?? before.fundThresholdMinor,
      apiKeys: input.change.apiKeys ?? before.apiKeys,
    };
    const now = new Date();
    await tx
      .insert(approvalPolicies)
      .values({ accountId: input.accountId, ...next, updatedByUserId: input.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: approvalPolicies.accountId,
        set: { ...next, updatedByUserId: input.userId, updatedAt: now },
      });
    await recordAudit(tx, {
      accountId: input.accountId,
      action: "approval_policy.updated",
      targetType: "approval_policy",
      targetId: input.accountId,
      data: {
        before: {
          subscriptions: before.subscriptions,
          funds: before.funds,
          fund_threshold_minor: before.fundThresholdMinor,
          api_keys: before.apiKeys,
        },
        after: {
          subscriptions: next.subscriptions,
          funds: next.funds,
          fund_threshold_minor: next.fundThresholdMinor,
          api_keys: next.apiKeys,
        },
      },
    });
    return { ...next, updatedAt: now };
  });
}

/** What a held request asks for, as far as the policy is concerned. */
export type PolicySubject =
  | { kind: "fund"; amountMinor: number }
  | { kind: "subscription" | "plan_change" }
  | { kind: "api_key" };

export function needsApproval(policy: ApprovalPolicy, role: MemberRole, subject: PolicySubject): boolean {
  if (role !== "member") return false;
  switch (subject.kind) {
    case "fund":
      return policy.funds && subject.amountMinor > policy.fundThresholdMinor;
    case "subscription":
    case "plan_change":
      return policy.subscriptions;
    case "api_key":
      return policy.apiKeys;
  }
}
