/**
 * What the dashboard's server-rendered pages read, for the signed-in person. Each function opens the
 * database itself, so pages never import lib/db; each calls the same domain functions as the agents
 * API. Pages prefetch the browser's resources through the very loaders /dashboard/data serves.
 */
import "server-only";
import type { DehydratedState } from "@tanstack/react-query";
import { getUserOrThrow } from "@/lib/accounts/users";
import { getPolicy } from "@/lib/approvals/policy";
import { pendingCount } from "@/lib/approvals/requests";
import type { Human } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { presentPolicy } from "@/lib/http/present/approvals";
import { presentBillingInfo } from "@/lib/http/present/payments";
import { listInvoices } from "@/lib/invoices/invoices";
import { getBillingInfo } from "@/lib/payments/billing-info";
import { accountChoices, getProfile } from "@/lib/profile/profile";
import { invitationSummary } from "@/lib/teams/roster";
import { queryKeys, type Resource, type TransactionsParams } from "./keys";
import { loaders } from "./loaders";
import { prefetch } from "./prefetch";

export type PageResource =
  | { resource: Exclude<Resource, "transactions"> }
  | { resource: "transactions"; params: TransactionsParams };

const keyOf = (wanted: PageResource) =>
  wanted.resource === "transactions"
    ? queryKeys.transactions(wanted.params)
    : {
        wallet: queryKeys.wallet,
        cards: queryKeys.cards,
        "payment-attempts": queryKeys.paymentAttempts,
        "api-keys": queryKeys.apiKeys,
        tokens: queryKeys.tokens,
        subscriptions: queryKeys.subscriptions,
        team: queryKeys.team,
        approvals: queryKeys.approvals,
      }[wanted.resource];

/** The dehydrated state of `resources`, loaded for `human`, for the page's <DashboardData>. */
export async function prefetchResources(human: Human, resources: PageResource[]): Promise<DehydratedState> {
  const db = await getDb();
  return prefetch(
    resources.map((wanted) => ({
      queryKey: keyOf(wanted),
      load: () => loaders[wanted.resource](db, human, "params" in wanted ? wanted.params : undefined),
    })),
  );
}

/** The invoices page: subscription invoices and wallet receipts, newest first. */
export async function loadInvoices(human: Human) {
  return listInvoices(await getDb(), human.accountId, { limit: 100, offset: 0 });
}

/** The settings page's profile (the same answer as GET /me). */
export async function loadProfile(human: Human) {
  return getProfile(await getDb(), { userId: human.userId, accountId: human.accountId });
}

/** The header's account switcher: every account the person may act for, the acting one marked. */
export async function loadAccountChoices(human: Human) {
  const db = await getDb();
  const user = await getUserOrThrow(db, human.userId);
  const choices = await accountChoices(db, {
    userId: human.userId,
    personalAccountId: user.personalAccountId,
  });
  return choices.map((c) => ({ id: c.id, name: c.name, kind: c.kind, role: c.role, personal: c.personal }));
}
export type AccountChoiceData = Awaited<ReturnType<typeof loadAccountChoices>>[number];

/** The /invite/{id} page: the invitation the link names, or null. */
export async function loadInvitation(inviteId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(inviteId)) return null;
  return invitationSummary(await getDb(), inviteId);
}

/** The settings page's billing details, kept on the Stripe customer (throws when Stripe is unreachable). */
export async function loadBillingInfo(human: Human) {
  return presentBillingInfo(await getBillingInfo(await getDb(), human.accountId));
}

/** The settings page's approval policy (the defaults until an owner or admin saves one). */
export async function loadApprovalPolicy(human: Human) {
  return presentPolicy(await getPolicy(await getDb(), human.accountId));
}

/** The nav's badge: approvals waiting for this person's decision (0 for members and viewers). */
export async function loadPendingApprovalCount(human: Human) {
  return pendingCount(await getDb(), human);
}
