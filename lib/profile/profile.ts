import { and, eq } from "drizzle-orm";
import { SOCIAL_FIELDS } from "@/lib/accounts/schemas";
import { getUserOrThrow } from "@/lib/accounts/users";
import type { DbOrTx } from "@/lib/db/client";
import { type Account, accounts, memberships } from "@/lib/db/schema";
import { ensureWallet } from "@/lib/wallet/ledger";

export type SocialField = (typeof SOCIAL_FIELDS)[number];

/** A person's profile as GET /me and the settings page read it (never the password hash). */
export interface Profile {
  id: string;
  name: string;
  email: string;
  username: string;
  verifiedAt: Date | null;
  aboutMe: string | null;
  /** Every known network, null where none is set. */
  socials: Record<SocialField, string | null>;
  preferences: {
    nsfwContent: boolean;
    walletNotificationEnabled: boolean;
    /** The low-balance alert's threshold in cents (null: the default). */
    walletNotificationThresholdMinor: number | null;
  };
  createdAt: Date;
  updatedAt: Date;
  /** The account the caller acts for, with the caller's role in it. */
  account:
    | (Pick<Account, "id" | "kind" | "name" | "username"> & {
        role: (typeof memberships.$inferSelect)["role"];
      })
    | null;
  wallet: { balanceMinor: number; currency: "USD" };
}

/**
 * GET /me (and the answer of every PATCH /me*): the user's documented fields, preferences, social
 * links, the acting account and its wallet balance.
 */
export async function getProfile(db: DbOrTx, input: { userId: string; accountId: string }): Promise<Profile> {
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
  const wallet = await ensureWallet(db, input.accountId);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.username,
    verifiedAt: user.verifiedAt,
    aboutMe: user.aboutMe,
    socials: Object.fromEntries(SOCIAL_FIELDS.map((k) => [k, user.socials[k] ?? null])) as Profile["socials"],
    preferences: {
      nsfwContent: user.nsfwContent,
      walletNotificationEnabled: user.walletNotificationEnabled,
      walletNotificationThresholdMinor: user.walletNotificationThresholdMinor,
    },
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    account: acting ?? null,
    wallet: { balanceMinor: wallet.balanceMinor, currency: "USD" },
  };
}
