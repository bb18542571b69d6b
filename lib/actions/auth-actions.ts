"use server";
/**
 * Server actions of the sign-in, sign-up and password pages. Forms post FormData through
 * useActionState, so they also work before (or without) JavaScript.
 */
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { endDashboardSession, endOtherDashboardSessions } from "@/lib/auth/dashboard-sessions";
import { type Db, getDb } from "@/lib/db/client";
import {
  handleForgotPassword,
  handleResendVerification,
  handleResetPassword,
  handleSignUp,
  handleVerifyCode,
  safeNextPath,
  signInMessage,
} from "./auth-handlers";
import { auth, signIn, signOut } from "./dashboard-auth";
import type { FormState } from "./form-state";
import { unsafeInputFailure } from "./result";
import { runAsHumanUnlimited, runSignedOut } from "./session";

const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** Echoed back so a refused form keeps what was typed (never the passwords). */
const keep = (form: Record<string, string>, names: string[]) =>
  Object.fromEntries(names.filter((n) => form[n] !== undefined).map((n) => [n, form[n] as string]));

async function run(
  form: FormData,
  keepNames: string[],
  handler: (db: Db, values: Record<string, string>, ip: string) => Promise<{ email: string }>,
): Promise<FormState> {
  const values = fields(form);
  const refused = unsafeInputFailure(values);
  if (refused) return { status: "error", ...refused, values: keep(values, keepNames) };
  const result = await runSignedOut(values, ({ db, ip }) => handler(db, values, ip));
  if (result.ok) return { status: "done", email: result.data.email };
  return { status: "error", ...result, values: keep(values, keepNames) };
}

export async function signInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = fields(form);
  try {
    // Redirects (throws NEXT_REDIRECT) on success; only Auth.js's own errors are caught below.
    await signIn("credentials", {
      email: values.email ?? "",
      password: values.password ?? "",
      redirectTo: safeNextPath(values.next),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : undefined;
      return {
        status: "error",
        ok: false,
        code: code ?? "internal_error",
        message: signInMessage(code),
        fieldErrors: {},
        values: keep(values, ["email"]),
      };
    }
    throw error;
  }
  return { status: "idle" };
}

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["email", "name"], handleSignUp);
}

export async function resendVerificationAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["email"], handleResendVerification);
}

export async function verifyCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["code"], handleVerifyCode);
}

export async function forgotPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["email"], handleForgotPassword);
}

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await run(form, ["email", "token"], handleResetPassword);
  if (result.status === "done") redirect("/login?reset=1");
  return result;
}

/** Ends this browser's session (the row first, so a copied cookie dies too), then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.sessionId) await endDashboardSession(await getDb(), session.sessionId);
  await signOut({ redirectTo: "/login?signed_out=1" });
}

/** Signs this person out of every other browser. */
export async function signOutOtherBrowsersAction(): Promise<FormState> {
  const result = await runAsHumanUnlimited(async ({ db, human }) => ({
    email: human.email,
    count: await endOtherDashboardSessions(db, { userId: human.userId, exceptSessionId: human.sessionId }),
  }));
  if (result.ok) return { status: "done", ...result.data };
  return { status: "error", ...result, values: {} };
}
