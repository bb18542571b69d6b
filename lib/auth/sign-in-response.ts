import { userSummary } from "@/lib/accounts/users";
import type { User } from "@/lib/db/schema";
import { accessTokenFields, type IssuedAccessToken } from "./issue-access-token";

/** The body of login and verify-email (reference §1.1): the token, the user, the default API key or null. */
export function signInResponse(input: { user: User; token: IssuedAccessToken; apiKey: string | null }) {
  return {
    ...accessTokenFields(input.token),
    user: userSummary(input.user),
    api_key: input.apiKey,
  };
}
