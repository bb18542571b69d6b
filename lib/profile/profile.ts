import { and, asc, eq } from "drizzle-orm";
import { SOCIAL_FIELDS } from "@/lib/accounts/schemas";
import { getUserOrThrow } from "@/lib/accounts/users";
import type { DbOrTx } from "@/lib/db/client";
import { type Account, accounts, memberships, teamMembers } from "@/lib/db/schema";
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
  /** Every account the user may act for (switch-account targets), personal first. */
  accounts: AccountChoice[];
}

export interface AccountChoice {
  id: string;
  kind: Account["kind"];
  name: string;
  username: string;
  role: (typeof memberships.$inferSelect)["role"];
  personal: boolean;
  /** The user's member id in that team (switch-account's `team_member_id`); null before it has a roster. */
  teamMemberId: number | null;
}

/** The accounts a user belongs to, with their role and member id in each; the personal one first. */
export async function accountChoices(
  db: DbOrTx,
  input: { userId: string; personalAccountId: string },
): Promise<AccountChoice[]> {
  const rows = await db
    .select({
      id: accounts.id,
      kind: accounts.kind,
      name: accounts.name,
      username: accounts.username,
      role: memberships.role,
      teamMemberId: teamMembers.id,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(
      teamMembers,
      and(eq(teamMembers.accountId, memberships.accountId), eq(teamMembers.userId, memberships.userId)),
    )
    .where(eq(memberships.userId, input.userId))
    .orderBy(asc(accounts.name), asc(accounts.id));
  return rows
    .map((r) => ({ ...r, personal: r.id === input.personalAccountId }))
    .sort((a, b) => Number(b.personal) - Number(a.personal));
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
    accounts: await accountChoices(db, { userId: user.id, personalAccountId: user.personalAccountId }),
  };
}
