"use server";
/**
 * Server actions of the sign-in, sign-up and password pages. Forms post FormData through
 * useActionState, so they also work before (or without) JavaScript.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { endDashboardSession, endOtherDashboardSessions } from "@/lib/dashboard/sessions";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
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
import { toFailure, unsafeInputFailure } from "./result";
import { requireHuman } from "./session";

const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** Echoed back so a refused form keeps what was typed (never the passwords). */
const keep = (form: Record<string, string>, names: string[]) =>
  Object.fromEntries(names.filter((n) => form[n] !== undefined).map((n) => [n, form[n] as string]));

async function ip() {
  return clientIp(await headers(), env().trustedProxies);
}

async function run(
  form: FormData,
  keepNames: string[],
  handler: (values: Record<string, string>, ip: string) => Promise<{ email: string }>,
): Promise<FormState> {
  const values = fields(form);
  const refused = unsafeInputFailure(values);
  if (refused) return { status: "error", ...refused, values: keep(values, keepNames) };
  try {
    const done = await handler(values, await ip());
    return { status: "done", email: done.email };
  } catch (error) {
    const failure = toFailure(error);
    return { status: "error", ...failure, values: keep(values, keepNames) };
  }
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
  return run(form, ["email", "name"], async (values, address) =>
    handleSignUp(await getDb(), values, address),
  );
}

export async function resendVerificationAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["email"], async (values, address) =>
    handleResendVerification(await getDb(), values, address),
  );
}

export async function verifyCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["code"], async (values, address) => handleVerifyCode(await getDb(), values, address));
}

export async function forgotPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  return run(form, ["email"], async (values, address) =>
    handleForgotPassword(await getDb(), values, address),
  );
}

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await run(form, ["email", "token"], async (values, address) =>
    handleResetPassword(await getDb(), values, address),
  );
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
  try {
    const human = await requireHuman();
    const ended = await endOtherDashboardSessions(await getDb(), {
      userId: human.userId,
      exceptSessionId: human.sessionId,
    });
    return { status: "done", email: human.email, count: ended };
  } catch (error) {
    return { status: "error", ...toFailure(error), values: {} };
  }
}
