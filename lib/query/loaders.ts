/**
 * The dashboard's reads, one function per resource, each calling the same lib functions as the
 * agents API. Server components prefetch through these; the browser reaches the very same
 * functions through /dashboard/data/{resource}. All take the checked Human, never raw ids.
 */
import "server-only";
import { z } from "zod";
import { getUserOrThrow } from "@/lib/accounts/users";
import { apiKeyData, tokenData } from "@/lib/actions/credential-views";
import { subscriptionData } from "@/lib/actions/subscription-view";
import { listApiKeys } from "@/lib/api-keys/queries";
import { decidesApprovals, listApprovals } from "@/lib/approvals/requests";
import type { Human } from "@/lib/auth/dashboard-sessions";
import { listAccessTokens } from "@/lib/auth/list-access-tokens";
import { can } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { presentApproval } from "@/lib/http/present/approvals";
import { presentCard, presentPaymentAttempt } from "@/lib/http/present/payments";
import { presentMember } from "@/lib/http/present/teams";
import { presentAutoFunding, presentTransaction, presentWalletSummary } from "@/lib/http/present/wallet";
import { minorToUsd } from "@/lib/money";
import { listCards } from "@/lib/payments/cards";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import { listRoster, pendingInvitationsFor } from "@/lib/teams/roster";
import { autoFundingOf } from "@/lib/wallet/auto-funding";
import { ensureWallet } from "@/lib/wallet/ledger";
import { listPaymentAttempts } from "@/lib/wallet/payment-attempts";
import { listTransactions } from "@/lib/wallet/queries";
import type { Resource, TransactionsParams } from "./keys";

const transactionsParams = z.object({
  type: z.enum(["credit", "debit"]).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).catch(20).default(20),
}) satisfies z.ZodType<TransactionsParams>;

export async function loadWallet(db: Db, human: Human) {
  const [wallet, user] = await Promise.all([
    ensureWallet(db, human.accountId),
    getUserOrThrow(db, human.userId),
  ]);
  return {
    ...presentWalletSummary(wallet),
    auto_funding: presentAutoFunding(autoFundingOf(wallet)),
    low_balance_alert: {
      enabled: user.walletNotificationEnabled,
      threshold:
        user.walletNotificationThresholdMinor === null
          ? null
          : minorToUsd(user.walletNotificationThresholdMinor),
    },
    fund_limits: { min: env().fund.minUsd, max: env().fund.maxUsd },
  };
}
export type WalletData = Awaited<ReturnType<typeof loadWallet>>;

export async function loadCards(db: Db, human: Human) {
  return (await listCards(db, human.accountId)).map(presentCard);
}
export type CardData = Awaited<ReturnType<typeof loadCards>>[number];

export async function loadTransactions(db: Db, human: Human, params: unknown) {
  const p = transactionsParams.parse(params ?? {});
  const page = await listTransactions(db, { accountId: human.accountId, ...p });
  return {
    items: page.entries.map(presentTransaction),
    total: page.total,
    offset: p.offset,
    limit: p.limit,
    type: p.type ?? null,
  };
}
export type TransactionsData = Awaited<ReturnType<typeof loadTransactions>>;

export async function loadPaymentAttempts(db: Db, human: Human) {
  return (await listPaymentAttempts(db, { accountId: human.accountId, limit: 10 })).map(
    presentPaymentAttempt,
  );
}
export type PaymentAttemptData = Awaited<ReturnType<typeof loadPaymentAttempts>>[number];

export async function loadApiKeys(db: Db, human: Human) {
  return (await listApiKeys(db, human.accountId)).map((row) => apiKeyData(row));
}
export type ApiKeyData = Awaited<ReturnType<typeof loadApiKeys>>[number];

/** The person's access tokens; a browser session is not one, so none is "current" (-1). */
export async function loadTokens(db: Db, human: Human) {
  return (await listAccessTokens(db, { userId: human.userId, currentTokenId: -1 })).map(tokenData);
}
export type TokenData = Awaited<ReturnType<typeof loadTokens>>[number];

/** The account's subscriptions, newest first (ended ones included, for the record). */
export async function loadSubscriptions(db: Db, human: Human) {
  return (await listAccountSubscriptions(db, human.accountId)).map(subscriptionData);
}
export type SubscriptionData = Awaited<ReturnType<typeof loadSubscriptions>>[number];

/** The Team page: the acting account's roster, what the person may do, and invitations addressed to them. */
export async function loadTeam(db: Db, human: Human) {
  const [members, invitations] = await Promise.all([
    listRoster(db, human.accountId),
    pendingInvitationsFor(db, human.email),
  ]);
  return {
    members: members.map(presentMember),
    role: human.role,
    yourEmail: human.email.toLowerCase(),
    canManage: can(human.role, "manage_members"),
    invitationsForYou: invitations.map((i) => ({
      inviteId: i.inviteId,
      teamName: i.teamName,
      role: i.role,
      invitedAt: i.invitedAt.toISOString(),
    })),
  };
}
export type TeamData = Awaited<ReturnType<typeof loadTeam>>;
/** The approvals inbox: a member's own requests, or the whole account's for owners and admins. */
export async function loadApprovals(db: Db, human: Human) {
  const page = await listApprovals(db, human, { limit: 100 });
  return { items: page.approvals.map((a) => presentApproval(a)), canDecide: decidesApprovals(human) };
}
export type ApprovalsData = Awaited<ReturnType<typeof loadApprovals>>;
export type ApprovalData = ApprovalsData["items"][number];

export const loaders: Record<Resource, (db: Db, human: Human, params: unknown) => Promise<unknown>> = {
  wallet: loadWallet,
  cards: loadCards,
  "payment-attempts": loadPaymentAttempts,
  transactions: loadTransactions,
  "api-keys": loadApiKeys,
  tokens: loadTokens,
  subscriptions: loadSubscriptions,
  team: loadTeam,
  approvals: loadApprovals,
};
