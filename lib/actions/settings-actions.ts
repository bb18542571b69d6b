"use server";
// Settings server actions: session check, then one handler (lib/actions/settings-handlers.ts).
import { AuthError } from "next-auth";
import { signIn } from "./dashboard-auth";
import { type ActionResult, ok } from "./result";
import { runAsHuman } from "./session";
import {
  handleChangePassword,
  handleUpdateBillingInfo,
  handleUpdatePreferences,
  handleUpdateProfile,
} from "./settings-handlers";

export async function updateProfileAction(input: unknown) {
  return runAsHuman((ctx) => handleUpdateProfile(ctx, input), { input });
}

export async function changePasswordAction(
  input: unknown,
): Promise<ActionResult<{ revokedTokens: number; signedInAgain: boolean }>> {
  const result = await runAsHuman((ctx) => handleChangePassword(ctx, input), {
    input,
    limiter: "auth",
    ipLimiters: ["authIp"],
  });
  if (!result.ok) return result;
  // The change ended every browser session, this one too: start a fresh one with the new password.
  try {
    await signIn("credentials", {
      email: result.data.email,
      password: result.data.password,
      redirect: false,
    });
  } catch (error) {
    // The password did change; only the new session failed (e.g. rate limited): sign in by hand.
    if (!(error instanceof AuthError)) throw error;
    return ok({ revokedTokens: result.data.revokedTokens, signedInAgain: false });
  }
  return ok({ revokedTokens: result.data.revokedTokens, signedInAgain: true });
}

export async function updatePreferencesAction(input: unknown) {
  return runAsHuman((ctx) => handleUpdatePreferences(ctx, input), { input });
}

export async function updateBillingInfoAction(input: unknown) {
  return runAsHuman((ctx) => handleUpdateBillingInfo(ctx, input), {
    input,
    limiter: "billing",
    permission: "manage_billing",
  });
}
