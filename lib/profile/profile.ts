import { and, eq } from "drizzle-orm";
import { SOCIAL_FIELDS } from "@/lib/accounts/schemas";
import { getUserOrThrow } from "@/lib/accounts/users";
import type { DbOrTx } from "@/lib/db/client";
import { accounts, memberships, type User } from "@/lib/db/schema";
import { minorToUsd } from "@/lib/money";
import { walletSummary } from "@/lib/wallet/wallet-summary";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * GET /me (and the answer of every PATCH /me*): the user's documented fields, preferences, social
 * links, the acting account and its wallet summary.
 */
export async function getProfile(db: DbOrTx, input: { userId: string; accountId: string }) {
  const user = await getUserOrThrow(db, input.userId);
  const [acting] = await db
    .select({
      id: accounts.id,
      kind: accounts.kind,
      name: accounts.name,
      username: accounts.username,
      role: memberships.role,
    })
    .from(accounts)
    .innerJoin(memberships, and(eq(memberships.accountId, accounts.id), eq(memberships.userId, user.id)))
    .where(eq(accounts.id, input.accountId));
  const wallet = await walletSummary(db, input.accountId);
  return {
    ...profileFields(user),
    account: acting ?? null,
    wallet_balance: minorToUsd(wallet.balanceMinor),
    currency: wallet.currency,
  };
}

function profileFields(user: User) {
  const socials = Object.fromEntries(SOCIAL_FIELDS.map((k) => [k, user.socials[k] ?? null]));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.username,
    verified: user.verifiedAt !== null,
    email_verified_at: iso(user.verifiedAt),
    about_me: user.aboutMe,
    socials,
    preferences: {
      nsfw_content: user.nsfwContent,
      wallet_notification_enabled: user.walletNotificationEnabled,
      wallet_notification_threshold:
        user.walletNotificationThresholdMinor === null
          ? null
          : minorToUsd(user.walletNotificationThresholdMinor),
    },
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
