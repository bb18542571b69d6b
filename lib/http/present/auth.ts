/**
 * The auth API's wire shapes (reference §1.1): issued tokens, the signed-in user, the token list,
 * and the sentences that tell an agent what to do next after signup, verification and the
 * password flows.
 */

import type { IssuedAccessToken } from "@/lib/auth/issue-access-token";
import type { AccessTokenSummary } from "@/lib/auth/list-access-tokens";
import type { User } from "@/lib/db/schema";
import type { PasswordReset } from "@/lib/sign-in/reset-password";
import type { SignupResult } from "@/lib/sign-in/signup";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The token fields every issuing response carries. */
export function presentIssuedToken(token: IssuedAccessToken) {
  return {
    access_token: token.plaintext,
    token_type: "Bearer" as const,
    token_expiry: token.expiry,
    expires_at: token.expiresAt?.toISOString() ?? null,
    scopes: token.scopes,
  };
}

/** The `user` object of auth responses. */
export function presentUserSummary(user: User) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.username,
    verified: user.verifiedAt !== null,
  };
}

/** The body of login and verify-email: the token, the user, the default API key or null. */
export function presentSignIn(input: { user: User; token: IssuedAccessToken; apiKey: string | null }) {
  return {
    ...presentIssuedToken(input.token),
    user: presentUserSummary(input.user),
    api_key: input.apiKey,
  };
}

/** The verify answer's message; a cleared password (a contested signup) needs a next step. */
export const verifiedMessage = (passwordCleared: boolean) =>
  passwordCleared
    ? "Email verified. You are signed in. This address signed up more than once with different passwords before it was verified, so no password was kept: set one with POST /api/agents/v1/auth/forgot-password before signing in with a password again."
    : "Email verified. You are signed in.";

/** `POST /auth/signup` (201): the same answer whether or not the address already had an account. */
export function presentSignup(result: SignupResult) {
  return {
    user: result.user,
    message: `Check ${result.user.email} for a verification code, then POST it to /api/agents/v1/auth/verify-email as {"verification_code": "…"}. The code is valid for 24 hours.`,
  };
}

/** `POST /auth/forgot-password`: the same for any address. */
export const presentForgotPassword = ({ email }: { email: string }) => ({
  message: `If ${email} has an account, we sent it a link and a token to reset the password. They work once, for 30 minutes.`,
});

/** `POST /auth/resend-verification`: the same for any address. */
export const presentResendVerification = ({ email }: { email: string }) => ({
  message: `If ${email} belongs to an account that is not verified yet, a new verification code is on its way. It replaces any earlier code.`,
});

/** `POST /auth/reset-password`. */
export function presentPasswordReset(reset: PasswordReset) {
  return {
    message: reset.includedApiKeys
      ? "Password reset. Every access token and API key was revoked: sign in again with POST /auth/login, which mints a new default API key."
      : "Password reset. Every access token was revoked: sign in again with POST /auth/login.",
    revoked_tokens: reset.revokedTokens,
    revoked_api_keys: reset.revokedApiKeys,
  };
}

/** `PATCH /me/password`. */
export const presentPasswordChanged = ({ revokedTokens }: { revokedTokens: number }) => ({
  message:
    revokedTokens > 0 ? "Password changed. Your other access tokens were revoked." : "Password changed.",
  revoked_tokens: revokedTokens,
});

/** One row of `GET /auth/tokens`. */
export function presentAccessToken(t: AccessTokenSummary) {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    token_expiry: t.expiry,
    expires_at: iso(t.expiresAt),
    last_used_at: iso(t.lastUsedAt),
    created_at: t.createdAt.toISOString(),
    account_id: t.accountId,
    is_current: t.isCurrent,
  };
}
