/** Settings from the dashboard: profile, password, preferences and billing details. */

import { updatePreferencesBody, updateProfileBody } from "@/lib/accounts/schemas";
import { updatePreferences } from "@/lib/accounts/update-preferences";
import { updateProfile } from "@/lib/accounts/update-profile";
import { getUserOrThrow } from "@/lib/accounts/users";
import { presentBillingInfo } from "@/lib/http/present/payments";
import { updateBillingInfo } from "@/lib/payments/billing-info";
import { billingInfoBodySchema } from "@/lib/payments/schemas";
import { changePassword } from "@/lib/sign-in/change-password";
import { changePasswordBody } from "@/lib/sign-in/schemas";
import { flag } from "./fields";
import type { HumanContext } from "./session";

/** Text inputs left empty mean "no value" for optional fields. */
const present = (input: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries((input ?? {}) as Record<string, unknown>).filter(([, v]) => v !== "" && v !== undefined),
  );

export async function handleUpdateProfile({ db, human }: HumanContext, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const body = updateProfileBody.parse({
    name: raw.name,
    username: raw.username,
    // An emptied "about" clears it.
    about_me: typeof raw.about_me === "string" ? raw.about_me || null : undefined,
  });
  await updateProfile(db, { userId: human.userId, ...body });
  const user = await getUserOrThrow(db, human.userId);
  return { name: user.name, username: user.username, aboutMe: user.aboutMe };
}

/**
 * Changes the password (the current one must be given). Every browser session ends with it, this
 * one included: the action signs the person in again with the new password afterwards.
 */
export async function handleChangePassword({ db, human }: HumanContext, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const body = changePasswordBody.parse({
    ...raw,
    revoke_other_tokens:
      raw.revoke_other_tokens === undefined ? undefined : flag.parse(raw.revoke_other_tokens),
  });
  const result = await changePassword(db, {
    userId: human.userId,
    // No access token is "current" in a browser: revoking "others" revokes every agent token.
    currentTokenId: -1,
    currentPassword: body.current_password,
    password: body.password,
    revokeOtherTokens: body.revoke_other_tokens ?? false,
  });
  return { email: human.email, password: body.password, revokedTokens: result.revokedTokens };
}

export async function handleUpdatePreferences({ db, human }: HumanContext, input: unknown) {
  const body = updatePreferencesBody.parse(input ?? {});
  await updatePreferences(db, { userId: human.userId, ...body });
  const user = await getUserOrThrow(db, human.userId);
  return { nsfwContent: user.nsfwContent };
}

export async function handleUpdateBillingInfo({ db, human }: HumanContext, input: unknown) {
  const body = billingInfoBodySchema.parse(present(input));
  return presentBillingInfo(await updateBillingInfo(db, human.accountId, body));
}
