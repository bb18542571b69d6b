/**
 * The dashboard's password sign-in: the same rules as POST /auth/login (lib/auth/check-password.ts)
 * and the same rate-limit buckets, without minting an API access token — a browser session is not
 * an agent credential and must not appear among the agents' tokens. Only the wording is for people
 * rather than agents. auth.ts (Auth.js credentials) is the door.
 */
import { checkPassword } from "@/lib/auth/check-password";
import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { checkRateLimits } from "@/lib/http/rate-limit";
import { startDashboardSession } from "./sessions";

export function checkPasswordSignIn(db: Db, input: { email: string; password: string }): Promise<User> {
  return checkPassword(db, input, {
    locked: "Password sign-in is locked after too many failed attempts. Reset your password to unlock it.",
    unverified:
      "Verify your email address first: open the link in the email we sent you, or ask for a new one.",
  });
}

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
