/**
 * `POST /auth/switch-account`: a new token acting for another account the user belongs to (a team
 * named by the user's member id or its username; neither: back to the personal account). The new
 * token is never wider than the one asking: its scopes are the requested ones, each of which the
 * caller must hold (asking for more is 403 insufficient_scope), and it expires no later than the
 * caller's token. The calling token stays valid.
 */
import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import { type IssuedAccessToken, issueAccessToken } from "@/lib/auth/issue-access-token";
import type { MemberRole, Principal } from "@/lib/auth/principal";
import { DEFAULT_TOKEN_EXPIRY, expiresAtFor, type TokenExpiry } from "@/lib/auth/token-expiry";
import type { Db } from "@/lib/db/client";
import { accessTokens, accounts, memberships, teamMembers, users } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";

export interface ActingAccount {
  id: string;
  username: string;
  name: string;
  kind: "personal" | "team";
  role: MemberRole;
}

export interface SwitchedAccount {
  token: IssuedAccessToken;
  account: ActingAccount;
}

export interface SwitchAccountInput {
  principal: Principal;
  teamMemberId?: number | undefined;
  accountUsername?: string | undefined;
  deviceName?: string | undefined;
  expiry?: TokenExpiry | undefined;
  scopes?: string[] | undefined;
  now?: Date;
}

async function targetAccountId(db: Db, input: SwitchAccountInput): Promise<string> {
  const { userId } = input.principal;
  if (input.teamMemberId !== undefined) {
    const [row] = await db
      .select({ accountId: teamMembers.accountId })
      .from(teamMembers)
      .where(
        and(
          eq(teamMembers.id, input.teamMemberId),
          eq(teamMembers.userId, userId),
          eq(teamMembers.status, "active"),
        ),
      );
    if (!row) throw notFound("Team member");
    return row.accountId;
  }
  if (input.accountUsername !== undefined) {
    const [row] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.username, input.accountUsername.trim().toLowerCase()));
    if (!row) throw notFound("Account");
    return row.id;
  }
  const [user] = await db.select({ id: users.personalAccountId }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("unauthenticated", "The access token's user no longer exists.");
  return user.id;
}

/** The caller's role and the account's fields, or 404 when the caller is not a member. */
export async function actingAccount(
  db: Db,
  input: { userId: string; accountId: string },
): Promise<ActingAccount> {
  const [row] = await db
    .select({
      id: accounts.id,
      username: accounts.username,
      name: accounts.name,
      kind: accounts.kind,
      role: memberships.role,
    })
    .from(accounts)
    .innerJoin(memberships, and(eq(memberships.accountId, accounts.id), eq(memberships.userId, input.userId)))
    .where(eq(accounts.id, input.accountId));
  if (!row) throw notFound("Account");
  return row;
}

/** The requested scopes, when the caller holds every one of them (`*` holds all). */
export function narrowScopes(held: readonly string[], requested: readonly string[] | undefined): string[] {
  if (!requested) return [...held];
  if (held.includes("*")) return [...requested];
  const missing = requested.filter((s) => !held.includes(s));
  if (missing.length > 0) {
    throw new AppError(
      "insufficient_scope",
      `The new token cannot have scopes this token lacks: ${missing.join(", ")}.`,
      {
        details: { required_scope: missing[0], requested_scopes: requested, granted_scopes: held },
        headers: {
          "WWW-Authenticate": `Bearer realm="onramp", error="insufficient_scope", scope="${missing.join(" ")}"`,
        },
      },
    );
  }
  return [...requested];
}

/** The requested expiry, but never later than the caller's own (null: never expires). */
export function cappedExpiry(requested: Date | null, callerExpiresAt: Date | null): Date | null {
  if (!callerExpiresAt) return requested;
  if (!requested || requested > callerExpiresAt) return callerExpiresAt;
  return requested;
}

export async function switchAccount(db: Db, input: SwitchAccountInput): Promise<SwitchedAccount> {
  const now = input.now ?? new Date();
  const { principal } = input;
  const accountId = await targetAccountId(db, input);
  const account = await actingAccount(db, { userId: principal.userId, accountId });
  const scopes = narrowScopes(principal.scopes, input.scopes);
  const [caller] = await db
    .select({ expiresAt: accessTokens.expiresAt })
    .from(accessTokens)
    .where(eq(accessTokens.id, Number(principal.tokenId)));
  const expiry = input.expiry ?? DEFAULT_TOKEN_EXPIRY;
  const expiresAt = cappedExpiry(expiresAtFor(expiry, now), caller?.expiresAt ?? null);
  const token = await db.transaction(async (tx) => {
    const issued = await issueAccessToken(tx, {
      userId: principal.userId,
      accountId,
      name: input.deviceName ?? principal.tokenName,
      expiry,
      scopes,
      expiresAt,
      now,
    });
    await recordAudit(tx, {
      accountId,
      action: "token.created",
      targetType: "access_token",
      targetId: String(issued.id),
      data: { via: "switch-account", from_account_id: principal.accountId, name: issued.name, scopes },
    });
    return issued;
  });
  return { token, account };
}
