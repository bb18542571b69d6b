import { randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { normalizeEmail } from "@/lib/accounts/users";
import { ensureDefaultApiKey } from "@/lib/api-keys/ensure-default-api-key";
import { normalizeVerificationCode } from "@/lib/auth/email-secrets";
import { type IssuedAccessToken, issueAccessToken } from "@/lib/auth/issue-access-token";
import { hashPassword } from "@/lib/auth/passwords";
import { FULL_ACCESS } from "@/lib/auth/scopes";
import type { TokenExpiry } from "@/lib/auth/token-expiry";
import type { Db } from "@/lib/db/client";
import { emailTokens, type User, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";

export interface VerifyEmailInput {
  code: string;
  /** When given, the code must belong to this address. */
  email?: string | undefined;
  /**
   * Whether to sign the user in (access token and default API key). The API does; the browser
   * link does not, so a mail scanner that follows links never walks away with credentials.
   */
  issueCredentials: boolean;
  tokenExpiry: TokenExpiry;
  deviceName: string;
}

export interface VerifyEmailResult {
  user: User;
  token: IssuedAccessToken | null;
  /** The new default key in full, or null when the account already had one (or no credentials were asked). */
  apiKey: string | null;
  /**
   * The address signed up more than once with different passwords before this verification, so no
   * password was kept: the owner sets one with forgot-password (lib/sign-in/signup.ts).
   */
  passwordCleared: boolean;
}

export type VerificationCodeProblem = "unknown" | "expired" | "used";

const MESSAGES: Record<VerificationCodeProblem, string> = {
  unknown:
    "This verification code is not valid. Only the newest code works: use the one from the most recent email, or ask for a new one with POST /auth/resend-verification.",
  expired:
    "This verification code has expired (codes last 24 hours). Ask for a new one with POST /auth/resend-verification.",
  used: "This verification code was already used, so the email is verified. Sign in with POST /auth/login to get an access token.",
};

/**
 * 422 for a code that verifies nothing. Why travels as a typed property, so a door words its own
 * answer (the dashboard, the email link's page) without reading the wire's details.
 */
export class InvalidVerificationCode extends AppError {
  constructor(readonly reason: VerificationCodeProblem) {
    super("invalid_verification_code", MESSAGES[reason], { details: { reason } });
  }
}

const invalid = (reason: VerificationCodeProblem) => new InvalidVerificationCode(reason);

/**
 * What a verification code would verify, without using it: the confirm page of the email link
 * (GET /verify/{code}) shows this, and only its POST calls verifyEmail. Throws
 * invalid_verification_code (reason unknown, used or expired) like verifyEmail.
 */
export async function inspectVerificationCode(
  db: Db,
  input: { code: string; email?: string | undefined },
): Promise<{ tokenId: string; userId: string; email: string; contested: boolean }> {
  const code = normalizeVerificationCode(input.code);
  if (!code) throw invalid("unknown");
  const [found] = await db
    .select({
      token: emailTokens,
      email: users.email,
      contestedAt: users.pendingPasswordContestedAt,
      verifiedAt: users.verifiedAt,
    })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(and(eq(emailTokens.tokenHash, sha256Hex(code)), eq(emailTokens.purpose, "verify")));
  if (!found) throw invalid("unknown");
  if (input.email !== undefined && normalizeEmail(input.email) !== found.email) throw invalid("unknown");
  if (found.token.usedAt) throw invalid("used");
  if (found.token.expiresAt <= new Date()) throw invalid("expired");
  return {
    tokenId: found.token.id,
    userId: found.token.userId,
    email: found.email,
    contested: found.contestedAt !== null && found.verifiedAt === null,
  };
}

/**
 * Consumes a verification code: marks the user verified and, when asked, issues an access token and
 * the account's default API key, all in one transaction. Single use even under concurrent calls:
 * the code is claimed with a conditional update. Wrong codes are bounded by the auth limiter (per
 * IP and the optional email, which a guesser simply leaves out; the code space is 2^130, so a
 * per-code attempt counter would add nothing). The password is whatever the pending account has had
 * since its first signup, unless a repeated signup contested it: then no password is kept
 * (lib/sign-in/signup.ts). A code never carries one.
 */
export async function verifyEmail(db: Db, input: VerifyEmailInput): Promise<VerifyEmailResult> {
  const found = await inspectVerificationCode(db, input);
  // A hash of 256 random bits that nobody knows, made before the transaction (argon2 must not hold
  // a connection). A contest that lands after this read still clears the password: '!' is no PHC
  // string, so it never verifies either.
  const nobodysPassword = found.contested ? await hashPassword(randomBytes(32).toString("base64url")) : "!";
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(emailTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(emailTokens.id, found.tokenId), isNull(emailTokens.usedAt)))
      .returning({ id: emailTokens.id });
    if (claimed.length === 0) throw invalid("used");
    const [user] = await tx
      .update(users)
      .set({
        verifiedAt: sql`coalesce(${users.verifiedAt}, now())`,
        passwordHash: sql`case when ${users.verifiedAt} is null and ${users.pendingPasswordContestedAt} is not null then ${nobodysPassword} else ${users.passwordHash} end`,
        pendingPasswordContestedAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, found.userId))
      .returning();
    if (!user) throw invalid("unknown");
    const passwordCleared = user.passwordHash === nobodysPassword;
    await tx
      .delete(emailTokens)
      .where(
        and(
          eq(emailTokens.userId, user.id),
          eq(emailTokens.purpose, "verify"),
          isNull(emailTokens.usedAt),
          ne(emailTokens.id, found.tokenId),
        ),
      );
    if (!input.issueCredentials) return { user, token: null, apiKey: null, passwordCleared };
    const apiKey = await ensureDefaultApiKey(tx, { accountId: user.personalAccountId, userId: user.id });
    const token = await issueAccessToken(tx, {
      userId: user.id,
      accountId: user.personalAccountId,
      name: input.deviceName,
      expiry: input.tokenExpiry,
      scopes: FULL_ACCESS,
    });
    return { user, token, apiKey, passwordCleared };
  });
}
