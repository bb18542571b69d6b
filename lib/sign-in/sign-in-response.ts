import { userSummary } from "@/lib/accounts/users";
import { accessTokenFields, type IssuedAccessToken } from "@/lib/auth/issue-access-token";
import type { User } from "@/lib/db/schema";

/** The body of login and verify-email (reference §1.1): the token, the user, the default API key or null. */
export function signInResponse(input: { user: User; token: IssuedAccessToken; apiKey: string | null }) {
  return {
    ...accessTokenFields(input.token),
    user: userSummary(input.user),
    api_key: input.apiKey,
  };
}

/** The verify answer's message; a cleared password (a contested signup) needs a next step. */
export const verifiedMessage = (passwordCleared: boolean) =>
  passwordCleared
    ? "Email verified. You are signed in. This address signed up more than once with different passwords before it was verified, so no password was kept: set one with POST /api/agents/v1/auth/forgot-password before signing in with a password again."
    : "Email verified. You are signed in.";
