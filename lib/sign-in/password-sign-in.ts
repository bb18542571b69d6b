/**
 * The dashboard's password check: the same rules as POST /auth/login (lib/auth/check-password.ts),
 * without minting an API access token — a browser session is not
 * an agent credential and must not appear among the agents' tokens. Only the wording is for people
 * rather than agents. lib/actions/dashboard-auth.ts (Auth.js credentials) is the door; it rate-limits
 * first (lib/actions/dashboard-sign-in.ts).
 */
import { checkPassword } from "@/lib/auth/check-password";
import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";

export function checkPasswordSignIn(db: Db, input: { email: string; password: string }): Promise<User> {
  return checkPassword(db, input, {
    locked: "Password sign-in is locked after too many failed attempts. Reset your password to unlock it.",
    unverified:
      "Verify your email address first: open the link in the email we sent you, or ask for a new one.",
  });
}
