/**
 * The dashboard's password sign-in as its door (dashboard-auth.ts) runs it: rate limits first, then
 * the password check (lib/sign-in/password-sign-in.ts) and a new browser session row.
 */
import { startDashboardSession } from "@/lib/auth/dashboard-sessions";
import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { checkRateLimits } from "@/lib/http/rate-limit";
import { checkPasswordSignIn } from "@/lib/sign-in/password-sign-in";

/**
 * Rate limits, password check, then a new session row. Throws AppError (rate_limited,
 * invalid_credentials, email_not_verified, account_locked, server_busy).
 */
export async function passwordSignIn(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<{ user: User; sessionId: string }> {
  // The same buckets as POST /auth/login (per IP+email, and per IP for the argon2 work), so the
  // two doors never double an attacker's budget.
  const limit = await checkRateLimits([
    { name: "auth", key: `${input.ip}|${input.email}` },
    { name: "authIp", key: input.ip },
  ]);
  if (!limit.allowed) {
    throw new AppError("rate_limited", `Too many sign-in attempts. Retry in ${limit.retryAfterSec} seconds.`);
  }
  const user = await checkPasswordSignIn(db, input);
  const session = await startDashboardSession(db, {
    userId: user.id,
    accountId: user.personalAccountId,
    passwordHash: user.passwordHash,
    userAgent: input.userAgent,
  });
  return { user, sessionId: session.id };
}
