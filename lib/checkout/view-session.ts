/**
 * What the human sees after Stripe Checkout: the session is read back from Stripe (never trusted
 * from the URL beyond its id) and fulfilled exactly once if it is paid. Only a session Onramp made
 * (a recorded link) is read: an unknown id is answered from the database alone, so a guessed
 * `cs_…` cannot spend the account's Stripe rate limit. The session id is the capability, so the
 * page shows only a masked email.
 */

import { accountOwner } from "@/lib/accounts/account-owner";
import type { Db } from "@/lib/db/client";
import { loadLink, syncLink } from "./links";

export type SessionView =
  | { kind: "unknown" }
  | { kind: "expired"; sessionId: string }
  | { kind: "open"; sessionId: string; amountMinor: number | null; url: string | null }
  | {
      kind: "paid";
      sessionId: string;
      amountMinor: number;
      /** Null for a subscription, which moves no wallet money. */
      balanceMinor: number | null;
      maskedEmail: string | null;
      alreadyFulfilled: boolean;
      agentWaiting: boolean;
      purpose: "fund" | "subscribe";
      planName: string | null;
    };

export function maskEmail(email: string): string {
  const [name = "", domain = ""] = email.split("@");
  const visible = name.slice(0, Math.min(2, Math.max(1, name.length - 1)));
  return `${visible}${"•".repeat(Math.max(1, name.length - visible.length))}@${domain}`;
}

export async function viewCheckoutSession(db: Db, sessionId: string): Promise<SessionView> {
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return { kind: "unknown" };
  if (!(await loadLink(db, sessionId))) return { kind: "unknown" };
  const synced = await syncLink(db, sessionId, "success_page");
  if (!synced) return { kind: "unknown" };
  const { outcome, session, link } = synced;
  switch (outcome.kind) {
    case "not_ours":
      return { kind: "unknown" };
    case "expired":
      return { kind: "expired", sessionId };
    case "not_paid":
      return { kind: "open", sessionId, amountMinor: session.amount_total, url: session.url };
    case "fulfilled": {
      const accountId = session.metadata?.onramp_account_id ?? "";
      const email = (await accountOwner(db, accountId))?.email;
      const isFund = "posting" in outcome;
      return {
        kind: "paid",
        sessionId,
        amountMinor: isFund ? outcome.posting.entry.amountMinor : (session.amount_total ?? 0),
        balanceMinor: isFund ? outcome.posting.wallet.balanceMinor : null,
        maskedEmail: email ? maskEmail(email) : null,
        alreadyFulfilled: outcome.alreadyFulfilled,
        agentWaiting: Boolean(link?.agentWaitingUntil && link.agentWaitingUntil.getTime() > Date.now()),
        purpose: isFund ? "fund" : "subscribe",
        planName: isFund ? null : (outcome.subscription.plan?.name ?? null),
      };
    }
  }
}
