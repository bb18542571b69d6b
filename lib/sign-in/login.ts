import { rotateDeviceApiKey } from "@/lib/api-keys/device-api-key";
import { ensureDefaultApiKey } from "@/lib/api-keys/ensure-default-api-key";
import { checkPassword } from "@/lib/auth/check-password";
import { type IssuedAccessToken, issueAccessToken } from "@/lib/auth/issue-access-token";
import { FULL_ACCESS } from "@/lib/auth/scopes";
import type { TokenExpiry } from "@/lib/auth/token-expiry";
import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";

export { LOGIN_LOCK_THRESHOLD } from "@/lib/auth/check-password";

export interface LoginInput {
  email: string;
  password: string;
  expiry: TokenExpiry;
  deviceName: string;
  /** The client named its device (`device_name`): it gets that device's own API key (device-api-key.ts). */
  deviceKey?: boolean;
  /** Undefined for a full-access (`*`) token. */
  scopes?: string[] | undefined;
}

export interface LoginResult {
  user: User;
  token: IssuedAccessToken;
  /**
   * The default API key in full when this login created it (the account had none, e.g. it was
   * deleted or the email was verified through the browser link). Otherwise, for a login that named
   * its device (`device_name`), that device's own key, new or replacing the one an earlier login
   * from it got; else null: keys are stored as hashes, so an existing key cannot be shown again, and
   * rotating the default on every login would break whatever already uses it.
   * Always null for a login with narrowed `scopes`: an API key carries the account's full power, so
   * handing one out would undo the narrowing. Such a login neither creates nor returns a key.
   */
  apiKey: string | null;
}

/**
 * Password sign-in. Unknown emails cost the same argon2 work as known ones and get the same 401.
 * A correct password on an unverified account → 403 email_not_verified (only revealed to someone
 * who knows the password).
 */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const user = await checkPassword(db, input, {
    locked:
      "Password sign-in is locked after too many failed attempts. Reset the password (POST /auth/forgot-password) to unlock it.",
    unverified:
      "Verify the email address first: POST the code from the verification email to /auth/verify-email, or ask for a new one with POST /auth/resend-verification.",
  });
  const scopes = input.scopes ?? FULL_ACCESS;
  const fullAccess = scopes.includes("*");
  return db.transaction(async (tx) => {
    const owner = { accountId: user.personalAccountId, userId: user.id };
    let apiKey = fullAccess ? await ensureDefaultApiKey(tx, owner) : null;
    if (fullAccess && apiKey === null && input.deviceKey) {
      apiKey = await rotateDeviceApiKey(tx, { ...owner, deviceName: input.deviceName });
    }
    const token = await issueAccessToken(tx, {
      userId: user.id,
      accountId: user.personalAccountId,
      name: input.deviceName,
      expiry: input.expiry,
      scopes,
    });
    return { user, token, apiKey };
  });
}
